package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Registers a component's public methods as Gogo shell commands in a scope ({@code confab} by default). */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GogoCommand {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "osgi.command.";

    /** @return the command scope */
    String scope() default "confab";

    /** @return the command names */
    String[] function();
}
