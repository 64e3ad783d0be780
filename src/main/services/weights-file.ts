/** The official Keras DenseNet121 no-top weights file name (a plain constant, safe to import in the main process). */
export const DENSENET_WEIGHTS_FILE = 'densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5'
