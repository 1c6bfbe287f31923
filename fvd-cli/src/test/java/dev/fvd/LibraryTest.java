package dev.fvd;

import dev.fvd.cli.FvdRunAccess;
import dev.fvd.core.distance.KernelDistance;
import dev.fvd.core.distance.KernelEstimate;
import dev.fvd.core.metric.BootstrapMetric;
import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InfinityMetric;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.JediMetric;
import dev.fvd.core.metric.JediResult;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.metric.PrdcResult;
import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.FrameTransform;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.OffsetPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade used in process: in-memory clips, settings validation, protocol defaults. */
class LibraryTest {
    static final Path REAL = FvdRunAccess.root().resolve("test-data/sample/videos/real");
    static final Path I3D = FvdRunAccess.root().resolve("test-data/models/i3d-slim-random.onnx");

    @Test
    void clipsFromMemoryGiveTheSameStatisticsAsTheDatasetTheyCameFrom() {
        ClipSampling sampling = new ClipSampling(10, 1, OffsetPolicy.FIRST, 0, 1, 5);
        List<Clip> decoded = new ArrayList<>();
        try (ClipStream stream = Datasets.open(REAL, DatasetOptions.videos().withSampling(sampling))) {
            stream.forEachRemaining(decoded::add);
        }
        try (FvdEvaluator fvd = Fvd.builder().model(I3D).sampling(sampling).batchSize(2).build()) {
            GaussianStatistics fromDisk = fvd.statistics(Source.dataset(REAL));
            GaussianStatistics fromMemory = fvd.statistics(Source.ofClips("decoded", decoded.iterator()));
            assertThat(fromMemory.count()).isEqualTo(5);
            assertThat(fromMemory.mean()).containsExactly(fromDisk.mean());
            assertThat(fromMemory.covariance()).containsExactly(fromDisk.covariance());
            assertThat(fromMemory.divisor()).isEqualTo(CovarianceDivisor.N_MINUS_ONE);
        }
    }

    @Test
    void tooShortInMemoryClipsAreSkippedAndListedUnderTheSkipPolicy() {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clips.add(new Clip("clip-" + i, i, i == 2 ? 5 : 10, 32, 32, new byte[(i == 2 ? 5 : 10) * 32 * 32 * 3]));
        }
        clips.get(0).pixels()[0] = 1;
        try (FvdEvaluator fvd = Fvd.builder().model(I3D).frames(10).onBadInput(BadInputPolicy.SKIP).build()) {
            ScoreResult r = fvd.score(Source.ofClips("a", clips.iterator()), Source.ofClips("b", clips.iterator()));
            assertThat(r.real().count()).isEqualTo(3);
            assertThat(r.real().skipped()).singleElement()
                    .satisfies(s -> assertThat(s.path()).isEqualTo("clip-2"))
                    .satisfies(s -> assertThat(s.reason()).contains("5 frames").contains("≥ 9"));
            assertThat(r.value()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void protocolDefaultsFollowTheMetric() {
        try (FvdEvaluator fvd = Fvd.builder().build()) {
            assertThat(fvd.metric()).isEqualTo(Metric.FVD);
            assertThat(fvd.protocol().name()).isEqualTo("tf");
            assertThat(fvd.protocol().frames()).isEqualTo(16);
        }
        try (FvdEvaluator fid = Fvd.builder().metric(Metric.FID).build()) {
            assertThat(fid.protocol().name()).isEqualTo("ttur");
            assertThat(fid.protocol().frames()).isEqualTo(1);
            assertThat(fid.protocol().size()).isEqualTo(299);
        }
        try (FvdEvaluator sv = Fvd.builder().protocol("stylegan-v").build()) {
            assertThat(sv.metric()).isEqualTo(Metric.FVD);
            assertThat(sv.protocol().covarianceDivisor()).isEqualTo("n");
        }
    }

    @Test
    void styleganVCutsRealClipsAtARandomOffsetAndFakeClipsFromTheFirstFrame() {
        // issue 15 item 12: universome/stylegan-v samples REAL videos at random offsets, generated ones from frame 0
        try (FvdEvaluator sv = Fvd.builder().protocol(Protocols.STYLEGAN_V).seed(7).build()) {
            assertThat(sv.sampling(Protocol.Role.REAL).offset()).isEqualTo(OffsetPolicy.RANDOM);
            assertThat(sv.sampling(Protocol.Role.REAL).seed()).isEqualTo(7);
            assertThat(sv.sampling(Protocol.Role.FAKE).offset()).isEqualTo(OffsetPolicy.FIRST);
            assertThat(sv.protocol().realOffset()).isEqualTo("random");
            assertThat(sv.protocol().fakeOffset()).isEqualTo("first");
            assertThat(sv.protocol().offset()).as("no single offset when the sides differ").isNull();
        }
        try (FvdEvaluator explicit = Fvd.builder().protocol("stylegan-v").offset(OffsetPolicy.FIRST).build()) {
            assertThat(explicit.sampling(Protocol.Role.REAL).offset()).isEqualTo(OffsetPolicy.FIRST);
            assertThat(explicit.sampling(Protocol.Role.FAKE).offset()).isEqualTo(OffsetPolicy.FIRST);
            assertThat(explicit.protocol().offset()).isEqualTo("first");
        }
        try (FvdEvaluator tf = Fvd.builder().build()) {
            assertThat(tf.sampling(Protocol.Role.REAL)).isEqualTo(tf.sampling(Protocol.Role.FAKE));
        }
    }

    @Test
    void aProtocolNeverSwitchesTheMetric() {
        assertThatThrownBy(() -> Fvd.builder().protocol("clean").build())
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("not fvd (the default metric)")
                .satisfies(e -> assertThat(((InvalidSettingsException) e).hint()).contains(Setting.METRIC.hint("fid")));
        try (FvdEvaluator fid = Fvd.builder().metric(Metric.FID).protocol("clean").build()) {
            assertThat(fid.protocol().name()).isEqualTo("clean");
        }
    }

    @Test
    void cdFvdsDrawTakesOneClipPerItem() {
        assertThatThrownBy(() -> Fvd.builder().protocol("cd-fvd-folder").clipsPerVideo(2).build())
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("one clip per item")
                .satisfies(e -> assertThat(((InvalidSettingsException) e).hint())
                        .contains(Setting.CLIPS_PER_VIDEO.hint(2)));
        try (FvdEvaluator fvd = Fvd.builder().protocol("cd-fvd-folder").seed(42).maxItems(2048).build()) {
            assertThat(fvd.sampling(Protocol.Role.REAL).offset()).isEqualTo(OffsetPolicy.CD_FVD);
            assertThat(fvd.sampling(Protocol.Role.FAKE).transform()).isEqualTo(FrameTransform.cdFvdFolder(256));
            assertThat(fvd.protocol().realTransform()).isEqualTo("cd-fvd-folder-256");
        }
        assertThatThrownBy(() -> ShardedStats.open(Fvd.builder().protocol("cd-fvd-i3d-folder")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("cannot be split into shards");
    }

    @Test
    void theProtocolTableHasEachProtocolOnceWithItsReference() {
        assertThat(Protocols.all()).extracting(Protocol::name)
                .containsExactly("tf", "stylegan-v", "videogpt", "ttur", "pytorch-fid", "clean", "cd-fvd", "cd-fvd-i3d",
                        "cd-fvd-folder", "cd-fvd-i3d-folder", "jedi");
        assertThat(Protocols.named("TF")).isSameAs(Protocols.TF);
        assertThat(Protocols.defaultFor(Metric.FID)).isSameAs(Protocols.TTUR);
        assertThat(Protocols.STYLEGAN_V.divisor()).isEqualTo(CovarianceDivisor.N);
        assertThat(Protocols.VIDEOGPT.extraction().batchNormEps()).isEqualTo(1e-5);
        for (Protocol p : Protocols.all()) {
            // the folder rows differ only upstream of the network: they share the graph (and the imported model) of their base row
            String graph = p == Protocols.CD_FVD_FOLDER ? "cd-fvd" : p == Protocols.CD_FVD_I3D_FOLDER ? "cd-fvd-i3d" : p.name();
            assertThat(p.extraction().name()).isEqualTo(graph);
            assertThat(p.extraction().metric()).isEqualTo(p.metric().id());
            assertThat(p.reference()).isNotBlank();
            assertThat(p.measures()).startsWith(Measure.FD);
        }
        assertThat(Protocols.CD_FVD.model().id()).isEqualTo("videomae-v2-g");
        assertThat(Protocols.CD_FVD.divisor()).isEqualTo(CovarianceDivisor.N);
        assertThat(Protocols.CD_FVD_I3D.model().id()).isEqualTo("i3d-torch-400");
        assertThat(Protocols.CD_FVD_I3D.extraction().batchNormEps()).isEqualTo(1e-5);
        assertThat(Protocols.CD_FVD_FOLDER.model()).isSameAs(Protocols.CD_FVD.model());
        assertThat(Protocols.CD_FVD_FOLDER.extraction()).isSameAs(Protocols.CD_FVD.extraction());
        assertThat(Protocols.CD_FVD_FOLDER.real().transform()).isEqualTo(FrameTransform.cdFvdFolder(256));
        assertThat(Protocols.CD_FVD_I3D_FOLDER.fake().transform()).isEqualTo(FrameTransform.cdFvdFolder(256));
        assertThat(Protocols.CD_FVD.real().transform()).isEqualTo(FrameTransform.NONE);
        assertThat(Protocols.JEDI.model().id()).isEqualTo("vjepa-h16-ssv2");
        assertThat(Protocols.JEDI.measures()).containsExactly(Measure.FD, Measure.JEDI);
    }

    @Test
    void theScorerRunsTheRequestedMeasuresOnTheKeptFeaturesWithItsSeed() {
        Path fake = FvdRunAccess.root().resolve("test-data/sample/videos/fake");
        try (FvdEvaluator fvd = Fvd.builder().model(I3D).frames(10).maxItems(6).seed(11).kernel(true).kernelSubsets(4, 3)
                .measures(List.of(Measure.INFINITY)).bootstrap(25, 0.8).build()) {
            ScoreResult r = fvd.score(Source.dataset(REAL), Source.dataset(fake));
            float[][] x = fvd.features(Source.dataset(REAL));
            float[][] y = fvd.features(Source.dataset(fake));
            MetricInput rx = MetricInput.ofFeatures(x, CovarianceDivisor.N_MINUS_ONE);
            MetricInput fy = MetricInput.ofFeatures(y, CovarianceDivisor.N_MINUS_ONE);
            BootstrapResult ci = r.result(BootstrapResult.class).orElseThrow();
            BootstrapResult expected = new BootstrapMetric(25, 0.8, 11, 1).compute(rx, fy);
            assertThat(ci.low()).isEqualTo(expected.low());
            assertThat(ci.high()).isEqualTo(expected.high());
            assertThat(ci.value()).isEqualTo(r.value());
            assertThat(r.result(InfinityResult.class).orElseThrow().value())
                    .isCloseTo(new InfinityMetric(11).compute(rx, fy).value(), org.assertj.core.api.Assertions.withinPercentage(1e-7));
            KernelEstimate k = KernelDistance.subsets(x, y, 4, 3, 11);
            assertThat(r.kernel().mean()).isEqualTo(k.mean());
            assertThat(r.kernel().std()).isEqualTo(k.std());
        }
    }

    @Test
    void prdcAndJediAreComputedOnTheKeptFeatures() {
        Path fake = FvdRunAccess.root().resolve("test-data/sample/videos/fake");
        try (FvdEvaluator fvd = Fvd.builder().model(I3D).frames(10).maxItems(8).prdcNeighbours(2, 3)
                .measures(List.of(Measure.PRDC, Measure.JEDI)).build()) {
            ScoreResult r = fvd.score(Source.dataset(REAL), Source.dataset(fake));
            MetricInput rx = MetricInput.ofFeatures(fvd.features(Source.dataset(REAL)), CovarianceDivisor.N_MINUS_ONE);
            MetricInput fy = MetricInput.ofFeatures(fvd.features(Source.dataset(fake)), CovarianceDivisor.N_MINUS_ONE);
            PrdcResult p = r.result(PrdcResult.class).orElseThrow();
            PrdcResult expected = new PrdcMetric(2, 3, 1).compute(rx, fy);
            assertThat(p.kPr()).isEqualTo(2);
            assertThat(p.kDc()).isEqualTo(3);
            assertThat(List.of(p.precision(), p.recall(), p.density(), p.coverage())).containsExactly(
                    expected.precision(), expected.recall(), expected.density(), expected.coverage());
            assertThat(r.result(JediResult.class).orElseThrow().value()).isEqualTo(new JediMetric().compute(rx, fy).value());
        }
    }

    @Test
    void featuresAreKeptOnlyWhenAMeasureNeedsThem() {
        try (FvdEvaluator plain = Fvd.builder().build()) {
            assertThat(plain.settings().keepFeatures()).isFalse();
            assertThat(plain.settings().measures()).containsExactly(Measure.FD);
        }
        try (FvdEvaluator inf = Fvd.builder().measures(List.of(Measure.INFINITY)).build()) {
            assertThat(inf.settings().keepFeatures()).isTrue();
        }
        try (FvdEvaluator boot = Fvd.builder().bootstrap(10, 0.95).build()) {
            assertThat(boot.settings().keepFeatures()).isTrue();
        }
        assertThatThrownBy(() -> Fvd.builder().bootstrap(10, 1.5).build()).isInstanceOf(InvalidSettingsException.class);
    }

    @Test
    void contradictingSettingsAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> Fvd.builder().metric(Metric.FID).protocol("tf").build())
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("fvd protocol");
        assertThatThrownBy(() -> Fvd.builder().metric(Metric.FID).frames(16).build())
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("frames and clips per video must be 1");
        assertThatThrownBy(() -> Fvd.builder().batchSize(0).build()).isInstanceOf(InvalidSettingsException.class);
        assertThatThrownBy(() -> Fvd.builder().device("tpu")).isInstanceOf(InvalidSettingsException.class);
    }
}
