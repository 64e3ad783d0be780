import { FormControlLabel, MenuItem, Switch, TextField } from '@mui/material'
import type { Dispatch, SetStateAction } from 'react'
import type { TrainOptions } from '../../../shared/contract'
import { OPERATING_POINTS } from '../logic/operating-point'

/** Recipes the window offers (the command line has every one: `train --recipe`). */
const RECIPES: [string, string][] = [
  ['logistic', 'logistic regression (default)'],
  ['balanced-flip', 'head, balanced + flip'],
  ['published', 'published head (notebook)']
]

/** The whole-number options: label, option, field width. */
const NUMBER_FIELDS = [
  ['Max epochs', 'epochs', 110],
  ['Batch size', 'batchSize', 110],
  ['Seed', 'seed', 100]
] as const

/** The training options after dataset and backbone: recipe, operating point, epochs, batch, seed, weights, flips. */
export function TrainingOptionFields({
  opts,
  setOpts
}: {
  opts: TrainOptions
  setOpts: Dispatch<SetStateAction<TrainOptions>>
}) {
  const set = <K extends keyof TrainOptions>(k: K, v: TrainOptions[K]) => setOpts((o) => ({ ...o, [k]: v }))
  return (
    <>
      <TextField
        select
        size="small"
        label="Recipe"
        id="train-recipe"
        value={opts.recipe}
        onChange={(e) => {
          // A recipe sets its class weights and flips; the fields below can still change them.
          const recipe = e.target.value
          setOpts((o) => ({
            ...o,
            recipe,
            classWeight: recipe === 'published' ? 'none' : 'balanced',
            flip: recipe !== 'published'
          }))
        }}
        sx={{ minWidth: 220 }}
      >
        {RECIPES.map(([value, label]) => (
          <MenuItem key={value} value={value}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Operating point"
        id="train-operating-point"
        value={OPERATING_POINTS.findIndex(
          ([, op]) => JSON.stringify(op) === JSON.stringify(opts.operatingPoint)
        )}
        onChange={(e) => set('operatingPoint', OPERATING_POINTS[Number(e.target.value)][1])}
        sx={{ minWidth: 240 }}
      >
        {OPERATING_POINTS.map(([label], i) => (
          <MenuItem key={label} value={i}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      {NUMBER_FIELDS.map(([label, key, width]) => (
        <TextField
          key={key}
          size="small"
          type="number"
          label={label}
          value={opts[key]}
          onChange={(e) => set(key, Number(e.target.value))}
          sx={{ width }}
        />
      ))}
      <TextField
        select
        size="small"
        label="Class weights"
        value={opts.classWeight}
        onChange={(e) => set('classWeight', e.target.value as TrainOptions['classWeight'])}
        sx={{ width: 180 }}
      >
        <MenuItem value="none">none (published)</MenuItem>
        <MenuItem value="balanced">balanced</MenuItem>
      </TextField>
      <TextField
        select
        size="small"
        label="Monitor"
        value={opts.monitor}
        onChange={(e) => set('monitor', e.target.value as TrainOptions['monitor'])}
        sx={{ width: 200 }}
      >
        <MenuItem value="val_loss">validation loss</MenuItem>
        <MenuItem value="notebook">as the notebook (accuracy, then val loss)</MenuItem>
      </TextField>
      <FormControlLabel
        control={<Switch checked={Boolean(opts.flip)} onChange={(e) => set('flip', e.target.checked)} />}
        label="Flip augmentation"
      />
    </>
  )
}
