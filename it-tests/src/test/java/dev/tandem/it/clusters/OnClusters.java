package dev.tandem.it.clusters;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class on the secured pair of clusters: a subclass of an integration test marked so
 * runs that test's {@link AlsoSecured} methods over SASL_SSL or mutual TLS (as MirrorMaker 2's
 * {@code ...SSLTest} extends its base test); {@link SecuredVariants} leaves out the others.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnClusters {
    ClusterSecurity value();
}
