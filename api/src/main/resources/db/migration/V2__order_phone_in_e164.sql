-- Phone numbers are now any valid number (Bangladeshi mobiles and landlines, international), stored in
-- E.164 for comparison, beside the number as the customer wrote it, for display.
ALTER TABLE orders ADD COLUMN customer_phone_as_written TEXT;

-- Until now only Bangladeshi mobiles were accepted, stored without spaces or dashes as 01XXXXXXXXX,
-- 8801XXXXXXXXX or +8801XXXXXXXXX: each maps to E.164 exactly.
UPDATE orders SET customer_phone_as_written = customer_phone,
                  customer_phone = CASE
                      WHEN customer_phone ~ '^01[3-9][0-9]{8}$' THEN '+88' || customer_phone
                      WHEN customer_phone ~ '^8801[3-9][0-9]{8}$' THEN '+' || customer_phone
                      ELSE customer_phone
                  END;
