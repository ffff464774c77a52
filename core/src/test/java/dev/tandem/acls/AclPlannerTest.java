package dev.tandem.acls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.playbook.AclSync;
import dev.tandem.playbook.DeliveryGuarantee;
import dev.tandem.playbook.Flow;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.NameFilter;
import dev.tandem.playbook.Naming;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AclPlannerTest {

    private static final String ALICE = "User:alice";

    private static Flow flow(AclSync mode) {
        return flow(mode, Naming.PREFIX);
    }

    private static Flow flow(AclSync mode, Naming naming) {
        return new Flow("east-to-west", "east", "west", new NameFilter(List.of(Pattern.compile("ord.*")), List.of()),
                naming, new NameFilter(List.of(Pattern.compile("billing.*")), List.of()), OptionalInt.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), false, DeliveryGuarantee.AT_LEAST_ONCE,
                Optional.empty(), FlowStart.EARLIEST, OptionalLong.empty(), mode);
    }

    private final AclPlanner planner = new AclPlanner(flow(AclSync.READ), List.of("orders", "ord-eu"),
            List.of("billing-eu"));

    private static Acl topic(String name, boolean prefixed, String operation, boolean allow) {
        return new Acl(Acl.Resource.TOPIC, name, prefixed, ALICE, "*", operation, allow);
    }

    private static Acl group(String name, boolean prefixed, String operation) {
        return new Acl(Acl.Resource.GROUP, name, prefixed, ALICE, "*", operation, true);
    }

    @Test
    void literalAndPrefixedTopicAclsAreCopiedForTheReplicaNamesAndGroupAclsUnderTheirOwn() {
        AclPlan plan = planner.plan(List.of(topic("orders", false, "READ", true), topic("ord", true, "DESCRIBE", true),
                group("billing-eu", false, "READ"), group("bill", true, "READ")), List.of(), List.of());

        assertThat(plan.create()).containsExactly(topic("east.ord", true, "DESCRIBE", true),
                topic("east.orders", false, "READ", true), group("bill", true, "READ"), group("billing-eu", false, "READ"));
        assertThat(plan.notCopied()).isEmpty();
    }

    @Test
    void allowAllIsCopiedAsReadingOnlyAndWriteWaitsForTheMigration() {
        AclPlan plan = planner.plan(List.of(topic("orders", false, "ALL", true), topic("orders", false, "WRITE", true),
                topic("orders", false, "ALTER", true)), List.of(), List.of());

        assertThat(plan.create()).extracting(Acl::operation).containsExactly("DESCRIBE", "DESCRIBE_CONFIGS", "READ");
        assertThat(plan.notCopied()).extracting(n -> n.acl().operation() + ": " + n.reason()).containsExactly(
                "ALTER: only READ, DESCRIBE, DESCRIBE_CONFIGS are copied to replicas, not ALTER",
                "WRITE: WRITE is not copied with sync-acls: read (sync-acls: all grants it at the migration)");
        assertThat(new AclPlanner(flow(AclSync.ALL), List.of("orders"), List.of())
                .writeGrants(List.of(topic("orders", false, "ALL", true), topic("orders", false, "WRITE", true),
                        topic("orders", false, "WRITE", false))))
                .containsExactly(topic("east.orders", false, "WRITE", true));
    }

    @Test
    void denyEntriesAreCopiedAsDenyWhateverTheirOperation() {
        AclPlan plan = planner.plan(List.of(topic("orders", false, "WRITE", false), topic("orders", false, "ALL", false)),
                List.of(), List.of());

        assertThat(plan.create()).containsExactly(topic("east.orders", false, "ALL", false),
                topic("east.orders", false, "WRITE", false));
    }

    @Test
    void wildcardsAreNotCopiedAndUnrelatedAclsAreNotListed() {
        AclPlan plan = planner.plan(List.of(topic("*", false, "READ", true), topic("payments", false, "READ", true),
                topic("pay", true, "READ", true), group("shipping", false, "READ")), List.of(), List.of());

        assertThat(plan.create()).isEmpty();
        assertThat(plan.notCopied()).extracting(n -> n.acl().name() + ": " + n.reason())
                .containsExactly("*: a wildcard: on west it would apply to every topic");
    }

    @Test
    void onlyTandemsOwnAclsAreDeletedWhenTheSourceNoLongerImpliesThem() {
        Acl ours = topic("east.orders", false, "READ", true);
        Acl others = topic("east.orders", false, "DESCRIBE", true);
        Acl present = topic("east.ord", true, "DESCRIBE", true);

        AclPlan plan = planner.plan(List.of(topic("ord", true, "DESCRIBE", true)), List.of(ours, others, present),
                List.of(ours));

        assertThat(plan.delete()).containsExactly(ours);
        assertThat(plan.present()).containsExactly(present);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.inSync()).isFalse();
    }

    @Test
    void underIdentityNamingATopicPrefixBecomesOneLiteralEntryPerReplicatedTopic() {
        AclPlanner identity = new AclPlanner(flow(AclSync.ALL, Naming.IDENTITY), List.of("orders", "ord-eu"), List.of());

        assertThat(identity.plan(List.of(topic("ord", true, "READ", true)), List.of(), List.of()).create())
                .containsExactly(topic("ord-eu", false, "READ", true), topic("orders", false, "READ", true));
        assertThat(identity.writeGrants(List.of(topic("ord", true, "WRITE", true))))
                .containsExactlyInAnyOrder(topic("orders", false, "WRITE", true), topic("ord-eu", false, "WRITE", true));
    }

    @Test
    void aDenyForEveryPrincipalIsNotCopiedItWouldDenyTandemToo() {
        Acl everyone = new Acl(Acl.Resource.TOPIC, "orders", false, "User:*", "*", "WRITE", false);

        AclPlan plan = planner.plan(List.of(everyone), List.of(), List.of());

        assertThat(plan.create()).isEmpty();
        assertThat(plan.notCopied()).extracting(AclPlan.NotCopied::reason).singleElement().asString()
                .startsWith("a deny for every principal");
    }

    @Test
    void whatTandemMadeOfAGroupAclStaysWhileTheSourceEntryDoesEvenWhenTheGroupIsGone() {
        Acl prefixedGroup = group("bill", true, "READ");
        AclPlanner noGroupsLeft = new AclPlanner(flow(AclSync.READ), List.of("orders"), List.of());

        AclPlan kept = noGroupsLeft.plan(List.of(prefixedGroup), List.of(prefixedGroup), List.of(prefixedGroup));
        AclPlan revoked = noGroupsLeft.plan(List.of(), List.of(prefixedGroup), List.of(prefixedGroup));

        assertThat(kept.delete()).isEmpty();
        assertThat(kept.present()).containsExactly(prefixedGroup);
        assertThat(revoked.delete()).containsExactly(prefixedGroup);
    }
}
