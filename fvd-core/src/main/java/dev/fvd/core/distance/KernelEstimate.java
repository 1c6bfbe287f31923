package dev.fvd.core.distance;

/**
 * A kernel distance (KID / KVD) estimated over random subsets.
 *
 * @param mean       mean of the per-subset unbiased MMD² estimates (what clean-fid {@code kernel_distance} and
 *                   torch-fidelity {@code kernel_inception_distance_mean} report)
 * @param std        population standard deviation ({@code np.std}, ddof=0) of the per-subset estimates, as torch-fidelity
 *                   {@code kernel_inception_distance_std}
 * @param subsetSize rows drawn per subset from each set (after clipping to the smaller set)
 * @param subsets    number of subsets
 */
public record KernelEstimate(double mean, double std, int subsetSize, int subsets) {
}
