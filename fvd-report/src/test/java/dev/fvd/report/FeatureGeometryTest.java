package dev.fvd.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.io.Npy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The projection and the nearest-neighbour facts equal numpy's on the features of {@code test-data/report/make_reference.py}. */
class FeatureGeometryTest {
    static final Path DIR = SampleComparison.root().resolve("test-data/report");

    static JsonObject reference() throws IOException {
        return JsonParser.parseString(Files.readString(DIR.resolve("reference.json"))).getAsJsonObject();
    }

    @Test
    void projectionEqualsNumpyEigh() throws IOException {
        JsonObject ref = reference();
        PrincipalComponents.Projection p = PrincipalComponents.project(Npy.readFloatMatrix(DIR.resolve("real.npy")),
                Npy.readFloatMatrix(DIR.resolve("fake.npy")));
        JsonArray explained = ref.getAsJsonArray("pca_explained");
        assertThat(p.explained()[0]).isCloseTo(explained.get(0).getAsDouble(), within(1e-9));
        assertThat(p.explained()[1]).isCloseTo(explained.get(1).getAsDouble(), within(1e-9));
        assertRows(p.real(), ref.getAsJsonArray("pca_real"));
        assertRows(p.fake(), ref.getAsJsonArray("pca_fake"));
    }

    @Test
    void nearestNeighboursAndCoverageFlagsEqualClovaaiPrdc() throws IOException {
        JsonObject ref = reference();
        float[][] real = Npy.readFloatMatrix(DIR.resolve("real.npy"));
        float[][] fake = Npy.readFloatMatrix(DIR.resolve("fake.npy"));
        NearestNeighbours.Result nn = NearestNeighbours.compute(real, fake, ref.get("nn_k").getAsInt());
        assertVector(nn.fakeToReal(), ref.getAsJsonArray("nn_fake_to_real"));
        assertVector(nn.realToFake(), ref.getAsJsonArray("nn_real_to_fake"));
        assertVector(nn.realRadius(), ref.getAsJsonArray("nn_real_radius"));
        JsonArray covered = ref.getAsJsonArray("nn_covered");
        for (int i = 0; i < real.length; i++) {
            assertThat(nn.covered()[i]).as("covered[%d]", i).isEqualTo(covered.get(i).getAsBoolean());
        }
    }

    @Test
    void perSampleValuesOfThePrdcMetricGiveTheSameFactsAsComputingThem() throws IOException {
        float[][] real = Npy.readFloatMatrix(DIR.resolve("real.npy"));
        float[][] fake = Npy.readFloatMatrix(DIR.resolve("fake.npy"));
        NearestNeighbours.Result computed = NearestNeighbours.compute(real, fake, 5);
        NearestNeighbours.Result given = NearestNeighbours.fromPrdc(real, fake,
                new PrdcMetric(3, 5, 1).compute(MetricInput.ofFeatures(real, CovarianceDivisor.N_MINUS_ONE),
                        MetricInput.ofFeatures(fake, CovarianceDivisor.N_MINUS_ONE)).samples(), 5);
        assertThat(given.covered()).isEqualTo(computed.covered());
        for (int j = 0; j < fake.length; j++) {
            assertThat(given.fakeToReal()[j]).isCloseTo(computed.fakeToReal()[j], within(1e-9));
        }
        for (int i = 0; i < real.length; i++) {
            if (!computed.covered()[i]) {
                assertThat(given.realToFake()[i]).isCloseTo(computed.realToFake()[i], within(1e-9));
            }
        }
    }

    @Test
    void rankDeficientFeaturesStillGiveTwoFiniteAxes() {
        float[][] real = {{1, 1, 0}, {2, 2, 0}, {3, 3, 0}};
        float[][] fake = {{4, 4, 0}, {5, 5, 0}};
        PrincipalComponents.Projection p = PrincipalComponents.project(real, fake);
        assertThat(p.explained()[0]).isCloseTo(1.0, within(1e-12));
        assertThat(p.explained()[1]).isCloseTo(0.0, within(1e-12));
        assertThat(p.fake()[1][0]).isCloseTo(2 * Math.sqrt(2), within(1e-9));
        for (double[] xy : p.real()) {
            assertThat(xy[1]).isCloseTo(0.0, within(1e-9));
        }
    }

    private static void assertRows(double[][] actual, JsonArray expected) {
        assertThat(actual.length).isEqualTo(expected.size());
        for (int i = 0; i < actual.length; i++) {
            JsonArray row = expected.get(i).getAsJsonArray();
            assertThat(actual[i][0]).as("row %d PC1", i).isCloseTo(row.get(0).getAsDouble(), within(1e-5));
            assertThat(actual[i][1]).as("row %d PC2", i).isCloseTo(row.get(1).getAsDouble(), within(1e-5));
        }
    }

    private static void assertVector(double[] actual, JsonArray expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("[%d]", i).isCloseTo(expected.get(i).getAsDouble(), within(1e-9));
        }
    }
}
