import type { SystolicLayerInput } from "./systolic-layer.ts";

/**
 * The convolutions and the classifier of ResNet-50 on a 224 x 224 ImageNet image (He et al.,
 * "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1), in the torchvision
 * "v1.5" form most frameworks ship: a downsampling bottleneck strides its 3 x 3 convolution,
 * not its first 1 x 1. 53 convolutions (including the four projection shortcuts) and the
 * 2048 -> 1000 fully connected layer; pooling and element-wise layers do no MACs on the array.
 * Total: 4.09 G multiply-accumulates per image.
 */
export function resnet50Layers({ batch = 1 }: { batch?: number } = {}): SystolicLayerInput[] {
  const layers: SystolicLayerInput[] = [];
  const conv = (
    name: string,
    size: number,
    filter: number,
    channels: number,
    filters: number,
    stride: number,
  ) =>
    layers.push({
      kind: "conv",
      name,
      ifmapHeight: size,
      ifmapWidth: size,
      filterHeight: filter,
      filterWidth: filter,
      channels,
      filters,
      strideHeight: stride,
      padding: (filter - 1) >> 1,
      batch,
    });
  conv("conv1", 224, 7, 3, 64, 2);
  // After the 3 x 3, stride-2 max pool: 56 x 56 x 64.
  let size = 56;
  let channels = 64;
  const stages = [
    { name: "conv2", blocks: 3, width: 64, stride: 1 },
    { name: "conv3", blocks: 4, width: 128, stride: 2 },
    { name: "conv4", blocks: 6, width: 256, stride: 2 },
    { name: "conv5", blocks: 3, width: 512, stride: 2 },
  ];
  for (const stage of stages) {
    const out = stage.width * 4;
    for (let block = 0; block < stage.blocks; block++) {
      const stride = block === 0 ? stage.stride : 1;
      const prefix = `${stage.name}_${block + 1}`;
      conv(`${prefix}a`, size, 1, channels, stage.width, 1);
      conv(`${prefix}b`, size, 3, stage.width, stage.width, stride);
      const outSize = size / stride;
      conv(`${prefix}c`, outSize, 1, stage.width, out, 1);
      if (block === 0) conv(`${prefix}_shortcut`, size, 1, channels, out, stride);
      size = outSize;
      channels = out;
    }
  }
  layers.push({ kind: "gemm", name: "fc", M: batch, N: 1000, K: 2048 });
  return layers;
}
