-- The full addressing scheme (docs/addressing.md): one allocator per database, per (AA, QQ, EE) block.
-- address_blocks remembers the highest element ever handed out in each block, so numbers are never reused,
-- even if entries are deleted. It is seeded from the addresses that already exist.

CREATE TABLE address_blocks (
    domain        smallint NOT NULL CHECK (domain BETWEEN 0 AND 255),
    category      smallint NOT NULL CHECK (category BETWEEN 0 AND 255),
    subcategory   smallint NOT NULL CHECK (subcategory BETWEEN 0 AND 255),
    last_element  smallint NOT NULL CHECK (last_element BETWEEN 0 AND 255),
    PRIMARY KEY (domain, category, subcategory)
);

INSERT INTO address_blocks (domain, category, subcategory, last_element)
SELECT (address_int >> 24) & 255, (address_int >> 16) & 255, (address_int >> 8) & 255, max(address_int & 255)
FROM aqea_entries WHERE address_int IS NOT NULL
GROUP BY 1, 2, 3;

DROP TABLE address_counters;

-- Pending entries (no address, no reason yet) are what the allocator looks for.
CREATE INDEX aqea_entries_pending ON aqea_entries (domain, category)
    WHERE address IS NULL AND unaddressed_reason IS NULL;
