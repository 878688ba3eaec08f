/**
 * The {@code push} adapter, for provinces that POST their listings to the gateway, and the
 * decoding and key checking the gateway's push endpoint uses.
 */
package cn.openlicense.adapter.push;
