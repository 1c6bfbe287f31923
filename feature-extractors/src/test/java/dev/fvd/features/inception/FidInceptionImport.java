package dev.fvd.features.inception;

import dev.fvd.features.ReferenceProtocols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line wrapper of {@link FidInceptionGraph#importFidInception}: writes an ONNX FID-Inception feature model from a
 * PyTorch state dict ({@code torch.save}, zip or legacy format).
 *
 * <pre>
 * FidInceptionImport &lt;state-dict.pth&gt; &lt;protocol ttur|pytorch-fid|clean&gt; &lt;model-id&gt; &lt;out.onnx&gt;
 * </pre>
 *
 * Used to regenerate {@code test-data/models/inception-slim-random.onnx} (see
 * {@code test-data/inception/make_fixture_model.sh}).
 */
public final class FidInceptionImport {
    private FidInceptionImport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: FidInceptionImport <state-dict.pth> <protocol> <model-id> <out.onnx>");
            System.exit(2);
        }
        byte[] model = FidInceptionGraph.importFidInception(Path.of(args[0]), ReferenceProtocols.byName(args[1]), args[2]);
        Path out = Path.of(args[3]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, model);
        System.err.println("wrote " + out + " (" + model.length + " bytes)");
    }
}
