/**
 * The shape shared by every generated data set.
 */

/**
 * A labelled data set as plain arrays: one row of features per sample and one
 * class label per row.
 */
export interface Dataset {
  /** The samples: `x[i]` holds the features of sample `i`. */
  x: number[][];
  /** The class labels, 0 or 1: `y[i]` belongs to `x[i]`. */
  y: number[];
}
