-- The target ACLs Tandem created for a flow (sync-acls), so that it deletes only its own when the
-- source no longer implies them: ACLs made by others are never deleted or changed. origin: sync
-- (the periodic sync of reading ACLs) or migration (WRITE granted by tandem migrate; never deleted).
create table synced_acls (
    flow          varchar(249) not null,
    resource_type varchar(16)  not null, -- TOPIC | GROUP
    resource_name varchar(1024) not null,
    prefixed      boolean      not null,
    principal     varchar(1024) not null,  -- long enough for a certificate's distinguished name
    host          varchar(255) not null,
    operation     varchar(32)  not null,
    allow         boolean      not null,
    origin        varchar(16)  not null,
    created_at    timestamp with time zone not null,
    primary key (flow, resource_type, resource_name, prefixed, principal, host, operation, allow)
);
