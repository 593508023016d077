package com.dhakacart.dr.catalogue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalNamesTest {

    @Test
    void anLsnNamesTheSegmentPostgresWritesItIn() {
        assertThat(Lsn.parse("0/3000028").segmentName(1)).isEqualTo("000000010000000000000003");
        assertThat(Lsn.parse("1/A2000000").segmentName(2)).isEqualTo("0000000200000001000000A2");
        assertThat(Lsn.parse("1/A2000000").toString()).isEqualTo("1/A2000000");
    }

    @Test
    void segmentNumbersRoundTripAcrossTheLogIdBoundary() {
        String name = "0000000300000002000000FF";
        assertThat(WalNames.timeline(name)).isEqualTo(3);
        assertThat(WalNames.segmentName(3, WalNames.segmentNumber(name))).isEqualTo(name);
        assertThat(WalNames.segmentNumber("000000010000000300000000")).isEqualTo(WalNames.segmentNumber(name) + 1);
    }

    @Test
    void tellsSegmentsPartialsAndHistoryFilesApart() {
        assertThat(WalNames.isSegment("000000010000000000000003")).isTrue();
        assertThat(WalNames.isSegment("000000010000000000000003.partial")).isFalse();
        assertThat(WalNames.isPartial("000000010000000000000003.partial")).isTrue();
        assertThat(WalNames.isHistory("00000002.history")).isTrue();
        assertThat(WalNames.isSegment(".incoming-x")).isFalse();
    }
}
