package org.locness.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real broker and lake (and Temporal, if asked): declare a parameter of type
 * {@link org.locness.infra.embedded.EmbeddedStack} in a test method, constructor or
 * {@code @BeforeAll}. One stack per test class, on random ports, its data removed afterwards.
 *
 * <pre>{@code
 * @EmbeddedStackTest
 * class SweeperIT {
 *     {@literal @}Test
 *     void uploads(EmbeddedStack stack) { ... stack.kafkaBootstrap() ... stack.s3Endpoint() ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmbeddedStackExtension.class)
public @interface EmbeddedStackTest {
    /** Also start Temporal's test server on a gRPC port. */
    boolean temporal() default false;
}
