/** The few jStat distributions Leukolens uses (the package ships no types). */
declare module 'jstat' {
  interface JStat {
    gammaln(x: number): number
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number }
    normal: {
      inv(p: number, mean: number, sd: number): number
      cdf(x: number, mean: number, sd: number): number
    }
  }
  const jStat: JStat
  export default jStat
}
