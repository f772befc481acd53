package cc.equa.msgraph.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Mark a public type, method or constructor of equa-msgraph (any module) as experimental: it may change or go away in
 * any release, and the build's API-compatibility check (japicmp) does not guard it. Retained in class files so that
 * the check can see it.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Experimental {
}
