package dev.fvd.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine gives the published outputs of Matsumoto and Nishimura's reference code. */
class Mt19937Test {

    @Test
    void initByArrayGivesTheFirstOutputsOfMt19937arOut() {
        // mt19937ar.c main(): init_by_array({0x123, 0x234, 0x345, 0x456}); its mt19937ar.out starts with these
        Mt19937 mt = new Mt19937();
        mt.initByArray(new int[] {0x123, 0x234, 0x345, 0x456});
        assertThat(new long[] {mt.next32(), mt.next32(), mt.next32(), mt.next32(), mt.next32()})
                .containsExactly(1067595299L, 955945823L, 477289528L, 4107218783L, 4228976476L);
    }

    @Test
    void initGenrandWithTheDefaultSeedGivesStdMt19937sFirstOutput() {
        // C++ std::mt19937 default-constructed (seed 5489) starts with 3499211612
        Mt19937 mt = new Mt19937();
        mt.initGenrand(5489);
        assertThat(mt.next32()).isEqualTo(3499211612L);
    }
}
