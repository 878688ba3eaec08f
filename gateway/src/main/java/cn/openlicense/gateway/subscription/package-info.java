/**
 * Subscriptions (定向推送): a platform's demand profile, the index that matches every committed
 * event against all profiles at once, and the webhook deliveries that follow.
 */
package cn.openlicense.gateway.subscription;
