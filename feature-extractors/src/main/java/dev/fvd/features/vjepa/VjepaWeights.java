package dev.fvd.features.vjepa;

import dev.fvd.features.vit.StateDict;

/**
 * The two state dicts JEDi's feature network needs.
 *
 * @param encoder the V-JEPA encoder ({@code target_encoder} of {@code vith16.pth.tar}, prefixes stripped)
 * @param probe   the attentive probe ({@code classifier} of {@code ssv2-probe.pth.tar}, DDP prefix stripped)
 */
public record VjepaWeights(StateDict encoder, StateDict probe) {
}
