// The part of the WebAssembly JS API Miros uses (the DOM lib declares it, but Miros is not a
// DOM program and @types/node 20 does not declare it).
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
}
