/**
 * Licence outcomes (许可成果): reports of licences concluded under a listing, judged against the
 * listing's history, masked for public output, and counted against the pilot plan's targets.
 */
package cn.openlicense.gateway.outcome;
