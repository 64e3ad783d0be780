import DENSENET121_WEIGHTS from '../../shared/densenet121-weights.json'

/** The official Keras DenseNet121 no-top weights file name (a plain constant, safe to import in the main process). */
export const DENSENET_WEIGHTS_FILE = DENSENET121_WEIGHTS.file
