/**
 * province: the registry of onboarded provinces — one YAML file each under {@code
 * config/provinces/}, validated whole at the edge and rescanned so changes need no restart.
 */
package cn.openlicense.gateway.province;
