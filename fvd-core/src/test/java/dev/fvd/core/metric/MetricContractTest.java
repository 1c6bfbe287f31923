package dev.fvd.core.metric;

import static dev.fvd.core.testing.TestData.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.core.distance.KernelDistance;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The metric interface: inputs, needs, wrapping of the existing distances. */
@DisplayName("Metric contract")
class MetricContractTest {

    private static final float[][] A = features("fd64_a");
    private static final float[][] B = features("fd64_b");

    private static GaussianStatistics gaussian(float[][] rows) {
        FeatureStatistics s = new FeatureStatistics(rows[0].length);
        s.addAll(rows);
        return s.toGaussian(CovarianceDivisor.N_MINUS_ONE);
    }

    @Test
    void frechetMetricIsFrechetDistanceBetweenTheStatistics() {
        FrechetResult r = new FrechetMetric().compute(MetricInput.ofStatistics(gaussian(A)),
                MetricInput.ofFeatures(B, CovarianceDivisor.N_MINUS_ONE));
        assertThat(r.value()).isEqualTo(FrechetDistance.between(gaussian(A), gaussian(B)));
        assertThat(r.realCount()).isEqualTo(A.length);
        assertThat(r.fakeCount()).isEqualTo(B.length);
        assertThat(r.entries()).containsEntry("value", r.value());
        assertThat(new FrechetMetric().needs().features()).isFalse();
    }

    @Test
    void kernelMetricIsKernelDistanceSubsets() {
        KernelResult r = KernelMetric.subsets(100, 10, 7L).compute(MetricInput.ofFeatures(A, CovarianceDivisor.N),
                MetricInput.ofFeatures(B, CovarianceDivisor.N));
        var e = KernelDistance.subsets(A, B, 100, 10, 7L);
        assertThat(r.value()).isEqualTo(e.mean());
        assertThat(r.std()).isEqualTo(e.std());
        assertThat(r.seed()).isEqualTo(7L);
        assertThat(KernelMetric.full().compute(MetricInput.ofFeatures(A, CovarianceDivisor.N),
                MetricInput.ofFeatures(B, CovarianceDivisor.N)).value()).isEqualTo(KernelDistance.unbiasedMmd(A, B));
        assertThat(KernelMetric.defaults(0).needs().features()).isTrue();
    }

    @Test
    void aMissingInputNamesTheMetricAndTheSide() {
        assertThatThrownBy(() -> KernelMetric.full().compute(MetricInput.ofFeatures(A, CovarianceDivisor.N),
                MetricInput.ofStatistics(gaussian(B))))
                .isInstanceOf(MissingInputException.class)
                .hasMessageContaining("'kernel'").hasMessageContaining("fake");
        assertThatThrownBy(() -> MetricInput.ofLogits(A).statistics("fd", "real"))
                .isInstanceOf(MissingInputException.class).hasMessageContaining("real");
    }

    @Test
    void derivedStatisticsUseTheGivenDivisor() {
        GaussianStatistics s = MetricInput.ofFeatures(A, CovarianceDivisor.N).statistics("fd", "real");
        assertThat(s.divisor()).isEqualTo(CovarianceDivisor.N);
        assertThat(s.count()).isEqualTo(A.length);
    }
}
