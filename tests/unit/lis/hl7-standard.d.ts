/** The part of hl7-standard (no types shipped) the tests use to parse messages back. */
declare module 'hl7-standard' {
  interface Hl7Segment {
    get(field: string): unknown
  }
  export default class HL7 {
    constructor(text: string)
    transform(): void
    get(field: string): unknown
    getSegments(name?: string): Hl7Segment[]
  }
}
