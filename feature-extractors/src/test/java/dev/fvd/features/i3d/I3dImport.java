package dev.fvd.features.i3d;

import dev.fvd.features.ReferenceProtocols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line wrapper of {@link I3dGraph#importI3d}: writes an ONNX feature model from a kinetics-i3d TF checkpoint.
 *
 * <pre>
 * I3dImport &lt;model.ckpt.index&gt; &lt;model.ckpt.data-00000-of-00001&gt; &lt;protocol&gt; &lt;model-id&gt; &lt;canonical true|false&gt; &lt;out.onnx&gt;
 * </pre>
 *
 * Used to regenerate {@code test-data/models/i3d-slim-random.onnx} (see {@code test-data/i3d/make_fixture_model.sh}).
 */
public final class I3dImport {
    private I3dImport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: I3dImport <index> <data> <protocol> <model-id> <canonical true|false> <out.onnx>");
            System.exit(2);
        }
        byte[] model = I3dGraph.importI3d(Path.of(args[0]), Path.of(args[1]), ReferenceProtocols.byName(args[2]), args[3],
                Boolean.parseBoolean(args[4]));
        Path out = Path.of(args[5]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, model);
        System.err.println("wrote " + out + " (" + model.length + " bytes)");
    }
}
