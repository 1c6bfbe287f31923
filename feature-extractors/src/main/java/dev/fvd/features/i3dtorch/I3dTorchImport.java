package dev.fvd.features.i3dtorch;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.vit.StateDict;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Imports {@code i3d_pretrained_400.pt}, the PyTorch port of the Kinetics-400 I3D that VideoGPT, TATS and cd-FVD load
 * (a flat piergiaj {@code pytorch_i3d.InceptionI3d(400)} state dict; cd-FVD {@code cdfvd/third_party/i3d/pytorch_i3d.py},
 * {@code utils.py load_i3d_model}), into the same graph topology as the DeepMind checkpoint ({@link I3dGraph}).
 *
 * <ul>
 *   <li>Names: {@code Conv3d_1a_7x7.conv3d.weight} → {@code RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w}; in a block
 *       {@code b0, b1a, b1b, b2a, b2b, b3b} → {@code Branch_0/Conv3d_0a_1x1}, {@code Branch_1/Conv3d_0a_1x1},
 *       {@code Branch_1/Conv3d_0b_3x3}, {@code Branch_2/Conv3d_0a_1x1}, {@code Branch_2/Conv3d_0b_3x3},
 *       {@code Branch_3/Conv3d_0b_1x1}; {@code logits.conv3d.{weight,bias}} → {@code Logits/Conv3d_0c_1x1}.
 *       Layout {@code [Cout,Cin,kT,kH,kW]} → TF {@code [kT,kH,kW,Cin,Cout]}.</li>
 *   <li>BatchNorm has a gamma here ({@code bn.weight}, 1 in the converted file) and eps 1e-5 (protocol
 *       {@code cd-fvd-i3d}). {@code γ(Wx − μ)/σ + β = (γW·x − γμ)/σ + β}, so γ is folded into the conv weight and the
 *       running mean before {@link I3dGraph} folds the BatchNorm.</li>
 *   <li>piergiaj's {@code MaxPool3dSamePadding} pads with zeros, TF's with −∞; every pool reads ReLU outputs (≥ 0), so
 *       both give the same maxima. Its {@code Unit3D.compute_pad} is TF "SAME".</li>
 *   <li>{@code bn.num_batches_tracked} is ignored; any other unknown tensor is refused by name (strict loading).</li>
 * </ul>
 */
public final class I3dTorchImport {
    private static final String[][] BRANCHES = {
        {"b0", "Branch_0/Conv3d_0a_1x1"}, {"b1a", "Branch_1/Conv3d_0a_1x1"}, {"b1b", "Branch_1/Conv3d_0b_3x3"},
        {"b2a", "Branch_2/Conv3d_0a_1x1"}, {"b2b", "Branch_2/"}, {"b3b", "Branch_3/Conv3d_0b_1x1"},
    };

    private I3dTorchImport() {
    }

    /**
     * Reads {@code i3d_pretrained_400.pt} and builds the I3D feature model for {@code protocol}.
     *
     * @throws InvalidModelException naming the file and the first tensor that does not fit
     */
    public static OnnxProto.ModelProto importCheckpoint(Path checkpoint, ExtractionProtocol protocol, String modelId,
                                                        boolean canonical) {
        StateDict sd = StateDict.under(TorchCheckpointReader.read(checkpoint), "", checkpoint.toString());
        Map<String, FloatTensor> tf = toTfLayout(sd);
        try {
            return I3dGraph.build(tf, protocol, modelId, canonical,
                    Map.of(checkpoint.getFileName().toString(), ModelMetadata.sha256(checkpoint)));
        } catch (InvalidModelException e) {
            throw new InvalidModelException(checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** The piergiaj state dict under the DeepMind variable names and layouts, BatchNorm gamma folded in. */
    public static Map<String, FloatTensor> toTfLayout(StateDict sd) {
        Map<String, FloatTensor> tf = new LinkedHashMap<>();
        for (String unit : new String[] {"Conv3d_1a_7x7", "Conv3d_2b_1x1", "Conv3d_2c_3x3"}) {
            unit(sd, unit, unit, tf);
        }
        for (String block : I3dGraph.mixedBlocks()) {
            for (String[] b : BRANCHES) {
                String tfName = b[1].endsWith("/") ? b[1] + I3dGraph.branch2Conv(block) : b[1];
                unit(sd, block + "." + b[0], block + "/" + tfName, tf);
            }
        }
        TorchTensor w = sd.require("logits.conv3d.weight", StateDict.ANY, StateDict.ANY, 1, 1, 1);
        TorchTensor b = sd.require("logits.conv3d.bias", w.dim(0));
        tf.put(I3dGraph.SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w", toTf(w, null));
        tf.put(I3dGraph.SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b", new FloatTensor(b.shape(), b.data()));
        sd.requireAllUsed(name -> name.endsWith(".bn.num_batches_tracked"));
        return tf;
    }

    private static void unit(StateDict sd, String torchName, String tfName, Map<String, FloatTensor> tf) {
        TorchTensor w = sd.require(torchName + ".conv3d.weight", StateDict.ANY, StateDict.ANY, StateDict.ANY,
                StateDict.ANY, StateDict.ANY);
        long c = w.dim(0);
        float[] gamma = sd.require(torchName + ".bn.weight", c).data();
        float[] beta = sd.require(torchName + ".bn.bias", c).data();
        float[] mean = sd.require(torchName + ".bn.running_mean", c).data();
        float[] var = sd.require(torchName + ".bn.running_var", c).data();
        float[] scaledMean = new float[(int) c];
        for (int o = 0; o < c; o++) {
            scaledMean[o] = (float) ((double) gamma[o] * mean[o]);
        }
        String scope = I3dGraph.SCOPE + tfName;
        tf.put(scope + "/conv_3d/w", toTf(w, gamma));
        tf.put(scope + "/batch_norm/beta", new FloatTensor(new long[] {c}, beta.clone()));
        tf.put(scope + "/batch_norm/moving_mean", new FloatTensor(new long[] {c}, scaledMean));
        tf.put(scope + "/batch_norm/moving_variance", new FloatTensor(new long[] {c}, var.clone()));
    }

    /** {@code [Cout,Cin,kT,kH,kW]} → {@code [kT,kH,kW,Cin,Cout]}, output channel {@code o} times {@code gamma[o]}. */
    static FloatTensor toTf(TorchTensor w, float[] gamma) {
        long[] s = w.shape();
        int co = (int) s[0];
        int ci = (int) s[1];
        int kt = (int) s[2];
        int kh = (int) s[3];
        int kw = (int) s[4];
        float[] in = w.data();
        float[] out = new float[in.length];
        int src = 0;
        for (int o = 0; o < co; o++) {
            double g = gamma == null ? 1.0 : gamma[o];
            for (int i = 0; i < ci; i++) {
                for (int t = 0; t < kt; t++) {
                    for (int h = 0; h < kh; h++) {
                        for (int x = 0; x < kw; x++) {
                            out[(((t * kh + h) * kw + x) * ci + i) * co + o] = (float) (in[src++] * g);
                        }
                    }
                }
            }
        }
        return new FloatTensor(new long[] {kt, kh, kw, ci, co}, out);
    }
}
