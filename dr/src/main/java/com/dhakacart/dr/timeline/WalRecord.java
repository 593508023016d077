package com.dhakacart.dr.timeline;

/**
 * One line of {@code pg_waldump}'s output, cut into the parts the timeline needs: the resource manager
 * (Heap, Transaction, Storage, ...), the transaction id, the record's LSN and its description.
 * Parsed with indexOf rather than a regular expression: a day's WAL is millions of lines.
 */
record WalRecord(String rmgr, long xid, String lsn, String desc) {

    /** The record, or null for a line that is not a record (pg_waldump's own messages). */
    static WalRecord parse(String line) {
        if (!line.startsWith("rmgr: ")) {
            return null;
        }
        int rmgrEnd = line.indexOf(' ', 6);
        int tx = line.indexOf("tx:", rmgrEnd);
        int lsn = line.indexOf("lsn:", tx);
        int prev = line.indexOf(", prev", lsn);
        int desc = line.indexOf("desc: ", prev);
        if (rmgrEnd < 0 || tx < 0 || lsn < 0 || prev < 0 || desc < 0) {
            return null;
        }
        long xid = Long.parseLong(line.substring(tx + 3, line.indexOf(',', tx)).strip());
        return new WalRecord(line.substring(6, rmgrEnd), xid, canonical(line.substring(lsn + 4, prev).strip()),
                line.substring(desc + 6));
    }

    /** pg_waldump pads ("0/0406AA40"); PostgreSQL's pg_lsn and recovery_target_lsn print "0/406AA40". */
    static String canonical(String lsn) {
        int slash = lsn.indexOf('/');
        int low = slash + 1;
        while (low < lsn.length() - 1 && lsn.charAt(low) == '0') {
            low++;
        }
        return low == slash + 1 ? lsn : lsn.substring(0, slash + 1) + lsn.substring(low);
    }

    /** The first word of the description: INSERT, HOT_UPDATE, COMMIT, CREATE, ... (without "+INIT"). */
    String operation() {
        int end = 0;
        while (end < desc.length() && desc.charAt(end) != ' ' && desc.charAt(end) != ',' && desc.charAt(end) != ';') {
            end++;
        }
        String op = desc.substring(0, end);
        return op.endsWith("+INIT") ? op.substring(0, op.length() - 5) : op;
    }

    /** The relation of the first block reference, as "database/relfilenode", or null. */
    String firstRelation() {
        int rel = desc.indexOf("rel ");
        if (rel < 0) {
            return null;
        }
        int start = rel + 4;
        int end = start;
        while (end < desc.length() && desc.charAt(end) != ' ' && desc.charAt(end) != ',') {
            end++;
        }
        String spcDbRel = desc.substring(start, end);
        int firstSlash = spcDbRel.indexOf('/');
        return firstSlash < 0 ? null : spcDbRel.substring(firstSlash + 1);
    }
}
