// PLACEHOLDER created by the CPU engineer so `Cpu.x87` has a type. The float engineer owns this
// file and replaces it with the real x87 state (registers, control/status/tag words).

export class X87State {}
