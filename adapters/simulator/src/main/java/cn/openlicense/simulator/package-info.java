/**
 * A loopback simulator of provincial open-licence platforms: seeded fictional listings served in
 * each province's own format (JSON API, GBK CSV, XML), scriptable data and faults on demand.
 */
package cn.openlicense.simulator;
