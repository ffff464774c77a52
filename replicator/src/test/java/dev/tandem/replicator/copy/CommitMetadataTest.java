package dev.tandem.replicator.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class CommitMetadataTest {

    private static final Uuid ID = Uuid.fromString("MdCak6GQRwuYAJHnE9SuJA");

    @Test
    void anExactlyOncePositionNamesItsSourceTopicThenTheReplicasEnd() {
        CommitMetadata both = new CommitMetadata(Optional.of(ID), OptionalLong.of(500));
        assertThat(both.format()).isEqualTo("source-topic-id=MdCak6GQRwuYAJHnE9SuJA;replica-end=500");
        assertThat(CommitMetadata.parse(both.format())).isEqualTo(both);
        assertThat(new CommitMetadata(Optional.of(ID), OptionalLong.empty()).format())
                .isEqualTo("source-topic-id=MdCak6GQRwuYAJHnE9SuJA");
    }

    @Test
    void anAtLeastOnceCommitNamesTheReplicasEndAlone() {
        assertThat(new CommitMetadata(Optional.empty(), OptionalLong.of(42)).format()).isEqualTo("replica-end=42");
        assertThat(CommitMetadata.parse("replica-end=42")).isEqualTo(new CommitMetadata(Optional.empty(), OptionalLong.of(42)));
        assertThat(new CommitMetadata(Optional.empty(), OptionalLong.empty()).format()).isEmpty();
    }

    @Test
    void entriesAreReadInAnyOrder() {
        assertThat(CommitMetadata.parse("replica-end=7;source-topic-id=MdCak6GQRwuYAJHnE9SuJA"))
                .isEqualTo(new CommitMetadata(Optional.of(ID), OptionalLong.of(7)));
    }

    @Test
    void metadataOfAnythingElseNamesNeither() {
        CommitMetadata none = new CommitMetadata(Optional.empty(), OptionalLong.empty());
        assertThat(CommitMetadata.parse(null)).isEqualTo(none);
        assertThat(CommitMetadata.parse("")).isEqualTo(none);
        assertThat(CommitMetadata.parse("start of the flow (latest)")).isEqualTo(none);
        assertThat(CommitMetadata.parse("replica-end=x;source-topic-id=not-an-id")).isEqualTo(none);
        assertThat(CommitMetadata.parse("replica-end=x;source-topic-id=MdCak6GQRwuYAJHnE9SuJA"))
                .as("a malformed entry does not spoil the other")
                .isEqualTo(new CommitMetadata(Optional.of(ID), OptionalLong.empty()));
    }

    @Test
    void namesAnotherTopicOnlyWhenBothIdsAreKnownAndDiffer() {
        org.apache.kafka.common.Uuid id = org.apache.kafka.common.Uuid.randomUuid();
        CommitMetadata named = CommitMetadata.parse("source-topic-id=" + id + ";replica-end=3");
        assertThat(named.forAnotherTopicThan(org.apache.kafka.common.Uuid.randomUuid())).isTrue();
        assertThat(named.forAnotherTopicThan(id)).isFalse();
        assertThat(named.forAnotherTopicThan(null)).isFalse();
        assertThat(CommitMetadata.parse("replica-end=3").forAnotherTopicThan(id)).isFalse();
    }
}
