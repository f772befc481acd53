/**
 * The service-provider interface of equa-msgraph: what a host application implements so that the library can
 * work for its organizations, plus ready implementations that need only the JDK.
 *
 * <ul>
 *   <li>{@link cc.equa.msgraph.spi.SettingsStore}: persist an organization's integration settings (credentials,
 *       enabled flag, linked group, sync state). Decorators: {@link cc.equa.msgraph.spi.EncryptingSettingsStore}
 *       seals secrets with AES-GCM; {@link cc.equa.msgraph.spi.EnvironmentDefaultsSettingsStore} supplies the
 *       platform-wide {@code MS_AUTH_*} defaults.</li>
 *   <li>{@link cc.equa.msgraph.spi.TeamDirectory}: look up an organization's Equa team members.</li>
 *   <li>{@link cc.equa.msgraph.spi.AuditSink}: receive an {@link cc.equa.msgraph.spi.AuditEvent} for every change
 *       the library makes in Microsoft 365.</li>
 *   <li>{@link cc.equa.msgraph.spi.PlanKeys} (optional, since 0.2.0): the keys that authenticate sync plans, as
 *       {@link cc.equa.msgraph.spi.PlanKey}s; by default one per organization is kept in the settings.</li>
 * </ul>
 *
 * <p>No type in this package mentions Microsoft Graph, Azure or OkHttp types, so a connector can be written against
 * it without those libraries on its compile path. Secrets travel as {@link cc.equa.msgraph.spi.Secret}, whose
 * {@code toString()} never reveals the value.
 *
 * <h2>Values that may be absent</h2>
 * As in the whole library, a public accessor whose value may be absent returns {@link java.util.Optional}, never
 * {@code null}. Hosts construct records such as {@link cc.equa.msgraph.spi.TeamMember} and
 * {@link cc.equa.msgraph.spi.AuditEvent} passing {@code null} for an absent value, and read it back through the
 * record's {@code xIfAny()} accessor, such as {@link cc.equa.msgraph.spi.TeamMember#emailIfAny()}: the component's
 * own accessor ({@code email()}) returns {@code null} and is deprecated since 0.2.0, kept only so that code written
 * against 0.1.0 still compiles. The package is {@code @NullMarked}: a parameter accepts {@code null} only where it is
 * marked {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package cc.equa.msgraph.spi;

import org.jspecify.annotations.NullMarked;
