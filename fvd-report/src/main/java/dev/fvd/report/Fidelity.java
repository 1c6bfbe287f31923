package dev.fvd.report;

/**
 * Improved precision and recall (Kynkäänniemi et al., NeurIPS 2019) and density and coverage (Naeem et al., ICML 2020).
 *
 * @param precision share of fake samples inside the real manifold (k-NN balls of {@code kPr})
 * @param recall    share of real samples inside the fake manifold
 * @param density   expected number of real k-NN balls ({@code kDc}) holding a fake sample, divided by k (can exceed 1)
 * @param coverage  share of real samples whose k-NN ball holds at least one fake sample
 * @param kPr       k of precision/recall
 * @param kDc       k of density/coverage
 */
public record Fidelity(double precision, double recall, double density, double coverage, int kPr, int kDc) {
}
