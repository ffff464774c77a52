package dev.tandem.store;

import dev.tandem.acls.Acl;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The target ACLs Tandem created for each flow, and why: the periodic sync, or a migration's WRITE grants. */
public final class SyncedAclRepository {

    /** Why Tandem created an ACL. */
    public enum Origin {
        SYNC,
        MIGRATION
    }

    private final Jdbi jdbi;

    public SyncedAclRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Acl> created(String flow, Origin origin) {
        return jdbi.withHandle(h -> h.createQuery("select resource_type, resource_name, prefixed, principal, host,"
                        + " operation, allow from synced_acls where flow = :flow and origin = :origin")
                .bind("flow", flow).bind("origin", origin.name())
                .map((rs, ctx) -> new Acl(Acl.Resource.valueOf(rs.getString(1)), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)))
                .list());
    }

    /**
     * Records ACLs Tandem creates on the flow's target, before it creates them: one that then fails
     * to be created is forgotten by the next sync (it is not on the target). Recording one again
     * (another process of the flow syncing at the same moment) replaces its record.
     */
    public void record(String flow, Origin origin, Collection<Acl> acls, Instant at) {
        jdbi.useTransaction(h -> {
            String upsert = SqlDialect.of(h).upsert("synced_acls", List.of("flow", "resource_type", "resource_name",
                    "prefixed", "principal", "host", "operation", "allow"), List.of("flow", "resource_type",
                    "resource_name", "prefixed", "principal", "host", "operation", "allow", "origin", "created_at"));
            for (Acl acl : acls) {
                java.util.Map<String, Object> row = key(flow, acl);
                row.put("resource_type", row.remove("type"));
                row.put("resource_name", row.remove("name"));
                row.put("origin", origin.name());
                row.put("created_at", at.atOffset(ZoneOffset.UTC));
                h.createUpdate(upsert).bindMap(row).execute();
            }
        });
    }

    /** Forgets ACLs Tandem deleted from the flow's target (or that someone else deleted). */
    public void forget(String flow, Collection<Acl> acls) {
        jdbi.useTransaction(h -> acls.forEach(acl -> h.createUpdate("delete from synced_acls where " + KEY)
                .bindMap(key(flow, acl)).execute()));
    }

    private static final String KEY = "flow = :flow and resource_type = :type and resource_name = :name"
            + " and prefixed = :prefixed and principal = :principal and host = :host and operation = :operation"
            + " and allow = :allow";

    private static java.util.Map<String, Object> key(String flow, Acl acl) {
        java.util.Map<String, Object> key = new java.util.HashMap<>();
        key.put("flow", flow);
        key.put("type", acl.resource().name());
        key.put("name", acl.name());
        key.put("prefixed", acl.prefixed());
        key.put("principal", acl.principal());
        key.put("host", acl.host());
        key.put("operation", acl.operation());
        key.put("allow", acl.allow());
        return key;
    }
}
