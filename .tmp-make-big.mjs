import sharp from 'sharp'
for (let i = 0; i < 8; i++) {
  await sharp({ create: { width: 16000, height: 16000, channels: 3, background: { r: 200 + i, g: 180, b: 190 } } })
    .png({ compressionLevel: 9 })
    .toFile(`/tmp/wt15-big/incoming/big-${i}.png`)
}
console.log('done')
