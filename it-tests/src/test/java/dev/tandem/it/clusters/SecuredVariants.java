package dev.tandem.it.clusters;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps, in a secured subclass ({@link OnClusters}), its own tests and only the inherited ones
 * marked {@link AlsoSecured}: the others run on the plaintext pair in the base class and are not
 * discovered again (not skipped: they are not this class's tests). Registered in
 * {@code META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}.
 */
public final class SecuredVariants implements PostDiscoveryFilter {

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (descriptor.getSource().orElse(null) instanceof MethodSource method) {
            OnClusters secured = method.getJavaClass().getAnnotation(OnClusters.class);
            boolean inherited = method.getJavaMethod().getDeclaringClass() != method.getJavaClass();
            if (secured != null && secured.value() != ClusterSecurity.PLAINTEXT && inherited
                    && !method.getJavaMethod().isAnnotationPresent(AlsoSecured.class)) {
                return FilterResult.excluded("runs on plaintext clusters only, in " +
                        method.getJavaClass().getSuperclass().getSimpleName());
            }
        }
        return FilterResult.included("");
    }
}
