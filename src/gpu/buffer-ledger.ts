/** Live GPU buffers of one device: how many, and how many bytes, are created and not destroyed. */
export interface BufferLedger {
  /** Buffers created and not yet destroyed. */
  readonly liveBuffers: number;
  /** Bytes held by those buffers. */
  readonly liveBytes: number;
  /** Buffers created since tracking began. */
  readonly createdBuffers: number;
}

/**
 * Counts every buffer `device` creates from now on until it is destroyed, by wrapping
 * `createBuffer` on this device object. A buffer dropped without `destroy()` stays counted: its
 * memory is only freed whenever the garbage collector gets to it, which is the leak this exposes.
 */
export function trackBuffers(device: GPUDevice): BufferLedger {
  const ledger = { liveBuffers: 0, liveBytes: 0, createdBuffers: 0 };
  const createBuffer = device.createBuffer.bind(device);
  device.createBuffer = (descriptor: GPUBufferDescriptor): GPUBuffer => {
    const buffer = createBuffer(descriptor);
    const bytes = Number(descriptor.size);
    ledger.liveBuffers++;
    ledger.liveBytes += bytes;
    ledger.createdBuffers++;
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) {
        destroyed = true;
        ledger.liveBuffers--;
        ledger.liveBytes -= bytes;
      }
      destroy();
    };
    return buffer;
  };
  return ledger;
}
