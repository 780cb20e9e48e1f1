// What each per-layer diagnostic means, in plain words: what it is, over what it is measured (per
// batch or per epoch), and what healthy looks like. Shown as tooltips on the run page and in
// Compare.

export const FIGURE_HELP = {
  weightNorm:
    "‖W‖: the size of the layer's weight matrix, √(sum of every weight squared), after the epoch. Healthy: it stays within a few times its size after initialization (epoch 0); growing by orders of magnitude means the run is diverging.",
  gradientNorm:
    "‖dW‖: the size of the gradient of the loss with respect to the layer's weights, on the last mini-batch of the epoch (epoch 0: the first batch, before any update). Healthy: the layers' values within a few orders of magnitude of each other, shrinking slowly as the loss falls. Exactly 0: no learning signal at all; far smaller in early layers: vanishing gradients; above about 1e3 or growing fast: exploding.",
  updateRatio:
    "update / weight: how much the last update of the epoch changed the weights, relative to their size (‖ΔW‖ / ‖W‖ for the last mini-batch). Healthy: around 1e-3. Below 1e-6 the layer has practically stopped learning; above 1e-1 each step throws the weights around.",
  activations:
    "activation mean ± std: the average and the spread of the layer's outputs A over every training sample, measured after the epoch. Healthy: a spread that neither collapses to 0 nor grows from layer to layer.",
  dead:
    'dead (ReLU family): the share of the layer\'s units that output 0 for every training sample, measured after the epoch. A dead unit passes no gradient back and stops learning. Healthy: below 10–20 %.',
  saturated:
    "saturated (sigmoid, tanh): the share of the layer's outputs, over every training sample after the epoch, in the flat tails (sigmoid below 0.01 or above 0.99, |tanh| above 0.99) where the slope is almost 0 and little gradient passes. Healthy in hidden layers: below about 20 %.",
} as const;
