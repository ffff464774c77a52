package dev.tandem.sandbox.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The secrets of a secured sandbox, generated once into one folder (files readable by their owner
 * only) and shared by both clusters: a CA, a truststore with it, the brokers' keystore, a keystore
 * per user for mutual TLS, and each user's SCRAM/PLAIN password.
 *
 * <p>Users: {@code tandem}, the principal a playbook runs as, allowed only what Tandem needs by
 * ACLs; {@code admin}, a super user for operators' tools and the tests' own clients; the brokers
 * talk to each other as {@code broker} (their certificate), also a super user.
 */
public record SandboxSecurity(Path dir) {

    public static final String TANDEM = "tandem";
    public static final String ADMIN = "admin";
    public static final String BROKER = "broker";
    public static final List<String> USERS = List.of(TANDEM, ADMIN);
    /** The SASL mechanisms the brokers' SASL_SSL listener accepts. */
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");
    static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public SandboxSecurity {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The material in {@code dir}, generated there first if it is not there yet. */
    public static SandboxSecurity ensure(Path dir, Clock clock) {
        SandboxSecurity security = new SandboxSecurity(dir);
        if (!Files.exists(security.truststore())) {
            // Made beside it and moved in whole: a start interrupted halfway leaves nothing half-made.
            SandboxSecurity fresh = new SandboxSecurity(security.dir().resolveSibling(
                    security.dir().getFileName() + ".new-" + Long.toHexString(new SecureRandom().nextLong())));
            fresh.generate(new Certificates(clock));
            try {
                Files.move(fresh.dir(), security.dir(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("move the sandbox's new secrets to " + security.dir()
                        + " (is a half-made folder there? remove it)", e);
            }
        }
        return security;
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public Path brokerKeystore() {
        return dir.resolve(BROKER + ".p12");
    }

    public Path keystore(String user) {
        return dir.resolve(user + ".p12");
    }

    /** The file holding the one password of every PKCS12 store of this folder. */
    public Path storePasswordFile() {
        return dir.resolve("stores.password");
    }

    /** A Java properties file with the user's {@code username} and {@code password}. */
    public Path credentialsFile(String user) {
        return dir.resolve(user + ".properties");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public String storePassword() {
        return read(storePasswordFile()).strip();
    }

    public String password(String user) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(credentialsFile(user))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + credentialsFile(user), e);
        }
        return properties.getProperty("password");
    }

    /** Client settings for {@code user} over SASL_SSL with SCRAM-SHA-512 (the secrets as values). */
    public Map<String, Object> saslClient(String user) {
        return saslClient(user, "SCRAM-SHA-512");
    }

    public Map<String, Object> saslClient(String user, String mechanism) {
        Map<String, Object> config = trusting();
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : SCRAM_LOGIN;
        config.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\""
                + password(user) + "\";");
        return config;
    }

    /** Client settings for {@code user} over mutual TLS: its own certificate. */
    public Map<String, Object> tlsClient(String user) {
        Map<String, Object> config = trusting();
        config.put("security.protocol", "SSL");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keystore(user).toString());
        config.put("ssl.keystore.password", storePassword());
        return config;
    }

    private Map<String, Object> trusting() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore().toString());
        config.put("ssl.truststore.password", storePassword());
        return config;
    }

    private void generate(Certificates certificates) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String storePassword = randomSecret();
            writeSecret(storePasswordFile(), storePassword + "\n");
            Certificates.Issued ca = certificates.authority("tandem sandbox CA");
            writeSecret(caPem(), pem(ca.certificate()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            store(trust, truststore(), storePassword);
            keystore(certificates.broker(ca, BROKER), brokerKeystore(), storePassword);
            for (String user : USERS) {
                keystore(certificates.client(ca, user), keystore(user), storePassword);
                writeSecret(credentialsFile(user), "username=" + user + "\npassword=" + randomSecret() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write the sandbox's certificates and passwords in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("make the sandbox's keystores in " + dir, e);
        }
    }

    private static void keystore(Certificates.Issued issued, Path file, String password)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", issued.keys().getPrivate(), password.toCharArray(),
                issued.chain().toArray(Certificate[]::new));
        store(keys, file, password);
    }

    private static void store(KeyStore keys, Path file, String password) throws IOException, GeneralSecurityException {
        writeSecret(file, "");
        try (OutputStream out = Files.newOutputStream(file)) {
            keys.store(out, password.toCharArray());
        }
    }

    /** Writes a file that only its owner may read, created so before anything is in it. */
    private static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String pem(Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }
}
