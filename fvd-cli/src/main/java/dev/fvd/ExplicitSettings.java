package dev.fvd;

/**
 * Which settings the caller gave (rather than took from the protocol's defaults). A stats file is checked against the given
 * ones; the others are compared between the two sides only, so scoring two stats files needs no setting repeated.
 *
 * @param metric   the metric family was given
 * @param protocol the protocol was given
 * @param frames   frames per clip were given
 * @param stride   the frame stride was given
 */
record ExplicitSettings(boolean metric, boolean protocol, boolean frames, boolean stride) {

    /** Every setting counts as given: a stats file must match all of them (the other side is extracted here). */
    static ExplicitSettings all() {
        return new ExplicitSettings(true, true, true, true);
    }
}
