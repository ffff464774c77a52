package dev.tandem.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreSpecTest {

    private static StoreSpec store(String url) {
        return new StoreSpec(url, Optional.empty(), Optional.empty());
    }

    @Test
    void h2FileStoresAreSharedBetweenProcessesThroughAutoServer() {
        assertThat(StoreSpec.defaultStore().effectiveJdbcUrl())
                .isEqualTo("jdbc:h2:file:./.tandem/store;AUTO_SERVER=TRUE");
        assertThat(store("jdbc:h2:./data/tandem").effectiveJdbcUrl()).contains(";AUTO_SERVER=TRUE");
    }

    @Test
    void otherUrlsAreUsedAsWritten() {
        assertThat(store("jdbc:h2:file:./x;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=TRUE").effectiveJdbcUrl())
                .isEqualTo("jdbc:h2:file:./x;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=TRUE");
        assertThat(store("jdbc:h2:mem:test").effectiveJdbcUrl()).isEqualTo("jdbc:h2:mem:test");
        assertThat(store("jdbc:h2:tcp://host/db").effectiveJdbcUrl()).isEqualTo("jdbc:h2:tcp://host/db");
        assertThat(store("jdbc:postgresql://db:5432/tandem").effectiveJdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/tandem");
    }

    @Test
    void passwordIsMaskedWhenPrinted() {
        StoreSpec spec = new StoreSpec("jdbc:postgresql://db/t?password=inurl", Optional.of("tandem"),
                Optional.of("hunter2"));

        assertThat(spec.toString()).doesNotContain("hunter2", "inurl").contains("user=tandem");
    }
}
