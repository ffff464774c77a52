package dev.tandem.verifier.checkpoint;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The checkpoint check: the verifier's group committed at a known canary on the source; its
 * checkpoint must name the target offset of that canary's replica.
 *
 * @param sourceOffset   the group's committed offset (the source offset of the known canary)
 * @param targetOffset   where the checkpoint says the group resumes on the target, if it says
 * @param kind           the checkpoint's kind, or {@code none} when no checkpoint came in time
 * @param exact          whether the record at the target offset is the replica of the known canary
 * @param errorRecords   how many records off the checkpoint is (0 when exact), when that can be told
 * @param ageMs          the checkpoint's age when checked
 * @param problem        what went wrong, when something did
 */
public record CheckpointResult(String group, String topic, int partition, long sourceOffset, OptionalLong targetOffset,
                               String kind, boolean exact, OptionalLong errorRecords, long ageMs,
                               Optional<String> problem) {
}
