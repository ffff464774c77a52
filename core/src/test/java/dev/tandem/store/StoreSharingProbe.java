package dev.tandem.store;

import dev.tandem.playbook.StoreSpec;
import java.util.Optional;

/** A second process for {@link TandemStoreTest}: opens the store by URL, writes a row, prints the row count. */
public final class StoreSharingProbe {

    private StoreSharingProbe() {
    }

    public static void main(String[] args) {
        try (TandemStore store = TandemStore.open(new StoreSpec(args[0], Optional.empty(), Optional.empty()))) {
            store.jdbi().useHandle(h -> h.execute("insert into probe_rows(writer) values ('child')"));
            int rows = store.jdbi().withHandle(h -> h.createQuery("select count(*) from probe_rows")
                    .mapTo(Integer.class).one());
            System.out.println("rows=" + rows);
        }
    }
}
