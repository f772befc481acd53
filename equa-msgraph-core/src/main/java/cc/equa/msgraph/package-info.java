/**
 * equa-msgraph: connect an Equa organization to Microsoft 365 through Microsoft Entra ID and manage one Microsoft
 * 365 group for it.
 *
 * <p>Start with {@link cc.equa.msgraph.MicrosoftIntegration#builder()}, then work with one organization through
 * {@link cc.equa.msgraph.OrganizationIntegration}.
 *
 * <h2>Exceptions</h2>
 * Every exception is a {@link cc.equa.msgraph.MsGraphException} (unchecked) carrying what failed, why (HTTP status,
 * Graph error code, request-id) and what to do. Catch a subclass where your handling differs:
 * <ul>
 *   <li>{@link cc.equa.msgraph.InvalidInputException}: an input was rejected before any network call; every invalid
 *       field is named.</li>
 *   <li>{@link cc.equa.msgraph.IntegrationUnavailableException}: not connected, disabled, or no group linked.</li>
 *   <li>{@link cc.equa.msgraph.AuthenticationException}: Entra refused the credentials.</li>
 *   <li>{@link cc.equa.msgraph.PermissionDeniedException}: an application permission or admin consent is
 *       missing.</li>
 *   <li>{@link cc.equa.msgraph.NotFoundException}: the linked group (or another object) no longer exists.</li>
 *   <li>{@link cc.equa.msgraph.ThrottledException}: Graph kept throttling after the retry budget ran out.</li>
 * </ul>
 *
 * <h2>Values that may be absent</h2>
 * The convention is the Java platform's: a public accessor whose value may be absent returns {@link java.util.Optional}
 * (or {@link java.util.OptionalInt}), never {@code null}; a collection is empty rather than absent. Methods of classes
 * use the plain name ({@link cc.equa.msgraph.MsGraphException#requestId()}). A record keeps its maybe-absent
 * components (its canonical constructor accepts {@code null} for them) and reads them through an {@code xIfAny()}
 * accessor, such as {@link cc.equa.msgraph.GroupPage#nextPageTokenIfAny()}: the component's own accessor
 * ({@code nextPageToken()}) returns {@code null} and is deprecated since 0.2.0, kept only so that code written
 * against 0.1.0 still compiles. The package is {@code @NullMarked}: a parameter accepts {@code null} only where it is
 * marked {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package cc.equa.msgraph;

import org.jspecify.annotations.NullMarked;
