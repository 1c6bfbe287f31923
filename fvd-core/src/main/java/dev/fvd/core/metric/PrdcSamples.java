package dev.fvd.core.metric;

/**
 * Per-sample values of {@link PrdcResult}, indexed like the input feature rows. Euclidean distances, in double.
 *
 * @param fakeNearestRealDistance  for each fake sample, the distance to its nearest real sample
 * @param fakeNearestRealIndex     for each fake sample, the index of that real sample (lowest index on ties)
 * @param fakeInsideReal           for each fake sample, whether it lies in some real k_pr-NN ball ({@code ≤}; precision)
 * @param fakeDensityCount         for each fake sample, how many real k_dc-NN balls contain it ({@code <}; density)
 * @param realRadius               for each real sample, the distance to its k_dc-th nearest other real sample
 * @param realCovered              for each real sample, whether its nearest fake sample is inside that radius
 *                                 ({@code <}; coverage)
 * @param realInsideFake           for each real sample, whether it lies in some fake k_pr-NN ball ({@code ≤}; recall)
 */
public record PrdcSamples(double[] fakeNearestRealDistance, int[] fakeNearestRealIndex, boolean[] fakeInsideReal,
                          int[] fakeDensityCount, double[] realRadius, boolean[] realCovered,
                          boolean[] realInsideFake) {
}
