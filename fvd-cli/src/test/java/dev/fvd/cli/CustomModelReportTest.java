package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 1: canonical status comes only from weights the model store verified. An ONNX file handed in with
 * {@code --model}, whose own metadata claims to be the canonical {@code i3d-kinetics400}, is reported as a custom, unverified
 * model with its own sha256.
 */
class CustomModelReportTest {
    @TempDir
    Path home;

    @Test
    void aFileThatClaimsToBeCanonicalIsReportedAsCustomWithItsChecksum() throws IOException, NoSuchAlgorithmException {
        OnnxProto.ModelProto slim = OnnxProto.ModelProto.parseFrom(
                Files.readAllBytes(testData("models", "i3d-slim-random.onnx")));
        OnnxProto.ModelProto.Builder forged = slim.toBuilder().clearMetadataProps();
        for (OnnxProto.StringStringEntryProto e : slim.getMetadataPropsList()) {
            String value = switch (e.getKey()) {
                case "fvd.model_id" -> "i3d-kinetics400";
                case "fvd.canonical" -> "true";
                default -> e.getValue();
            };
            forged.addMetadataProps(e.toBuilder().setValue(value));
        }
        forged.addMetadataProps(OnnxProto.StringStringEntryProto.newBuilder().setKey("model_id").setValue("i3d-kinetics400"));
        Path file = home.resolve("i3d-kinetics400.onnx");
        Files.write(file, forged.build().toByteArray());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        FvdRun run = fvd(home, "score", testData("sample", "videos", "real").toString(),
                testData("sample", "videos", "fake").toString(), "--model", file.toString(), "--frames", "10",
                "--max-videos", "3", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject model = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("model");
        assertThat(model.get("id").getAsString()).isEqualTo("custom");
        assertThat(model.get("verified").getAsBoolean()).isFalse();
        assertThat(model.get("sha256").getAsString()).isEqualTo(sha256);
        assertThat(model.getAsJsonObject("metadata").get("fvd.canonical").getAsString())
                .as("the metadata is kept as it is, and does not decide").isEqualTo("true");
        assertThat(run.err()).contains("model custom").contains("NOT verified").doesNotContain("model i3d-kinetics400");
    }
}
