package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseShutdownOrderTest {

    @Test
    void anH2UrlClosesWithItsPoolUnlessItSaysOtherwise() {
        assertThat(DatabaseShutdownOrder.closedByTheServer("jdbc:h2:file:/tmp/x/h2"))
                .isEqualTo("jdbc:h2:file:/tmp/x/h2;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseShutdownOrder.closedByTheServer("jdbc:h2:mem:it;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:it;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DatabaseShutdownOrder.closedByTheServer("jdbc:h2:file:./data;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:file:./data;db_close_on_exit=true");
        assertThat(DatabaseShutdownOrder.closedByTheServer("jdbc:postgresql://127.0.0.1:5432/x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
    }
}
