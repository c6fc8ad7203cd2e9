-- The case file as schema version 1 wrote it: the fixture for migration tests.
PRAGMA user_version=1;
CREATE TABLE complaint (
	property_address VARCHAR NOT NULL, 
	channel VARCHAR(12) NOT NULL, 
	category VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	received_on DATE NOT NULL, 
	issue_arose_on DATE, 
	id INTEGER NOT NULL, 
	reference VARCHAR NOT NULL, 
	resident_id INTEGER NOT NULL, 
	status VARCHAR(18) NOT NULL, 
	refused_on DATE, 
	refusal_ground VARCHAR(18), 
	refusal_reasons VARCHAR NOT NULL, 
	withdrawn_on DATE, 
	withdrawal_reason VARCHAR NOT NULL, 
	closed_on DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(resident_id) REFERENCES resident (id)
);
INSERT INTO "complaint" VALUES('1 Mill Lane
Kendal
LA9 1AA','OTHER','Repairs','The kitchen tap has leaked for six weeks.','2026-11-02',NULL,1,'C-2026-0001',1,'OPEN',NULL,NULL,'',NULL,'',NULL);
INSERT INTO "complaint" VALUES('1 Mill Lane
Kendal
LA9 1AA','OTHER','Repairs','The kitchen tap has leaked for six weeks.','2026-11-02',NULL,2,'C-2026-0002',2,'OPEN',NULL,NULL,'',NULL,'',NULL);
CREATE TABLE event (
	id INTEGER NOT NULL, 
	complaint_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	kind VARCHAR NOT NULL, 
	summary TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
INSERT INTO "event" VALUES(1,1,'2026-11-25 12:24:25.535918','logged','Complaint received on 2 November 2026 by other.');
INSERT INTO "event" VALUES(2,1,'2026-11-25 12:24:25.542895','acknowledged','Stage 1 acknowledged on 4 November 2026, handled by Sam Stage-One.');
INSERT INTO "event" VALUES(3,1,'2026-11-25 12:24:25.545900','responded','Stage 1 response sent on 13 November 2026: partly upheld.');
INSERT INTO "event" VALUES(4,2,'2026-11-25 12:24:25.548588','logged','Complaint received on 2 November 2026 by other.');
CREATE TABLE resident (
	name VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	email VARCHAR NOT NULL, 
	preferred_contact VARCHAR(6) NOT NULL, 
	id INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "resident" VALUES('Ann Example','1 Mill Lane
Kendal
LA9 1AA','','','LETTER',1);
INSERT INTO "resident" VALUES('Bob Example','1 Mill Lane
Kendal
LA9 1AA','','','LETTER',2);
CREATE TABLE setting (
	"key" VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE stage (
	id INTEGER NOT NULL, 
	complaint_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	requested_on DATE, 
	handler VARCHAR NOT NULL, 
	acknowledged_on DATE, 
	understanding VARCHAR NOT NULL, 
	outcomes_sought VARCHAR NOT NULL, 
	responsible_for VARCHAR NOT NULL, 
	not_responsible_for VARCHAR NOT NULL, 
	clarification_asked VARCHAR NOT NULL, 
	responded_on DATE, 
	decision VARCHAR(13), 
	reasons VARCHAR NOT NULL, 
	remedy VARCHAR NOT NULL, 
	outstanding_actions VARCHAR NOT NULL, 
	learning VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (complaint_id, number), 
	FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
INSERT INTO "stage" VALUES(1,1,1,NULL,'Sam Stage-One','2026-11-04','The tap leaks and two appointments were missed.','The leak fixed and an apology.','Repairs to the kitchen.','The resident''s own washing machine.','Which days suit an appointment?','2026-11-13','PARTLY_UPHELD','The appointments were missed.','','','');
INSERT INTO "stage" VALUES(2,2,1,NULL,'',NULL,'','','','','',NULL,NULL,'','','','');
CREATE TABLE stageextension (
	id INTEGER NOT NULL, 
	complaint_id INTEGER NOT NULL, 
	stage INTEGER NOT NULL, 
	agreed_on DATE, 
	working_days INTEGER NOT NULL, 
	reason VARCHAR NOT NULL, 
	good_reason VARCHAR NOT NULL, 
	update_interval_days INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
CREATE UNIQUE INDEX ix_complaint_reference ON complaint (reference);
CREATE INDEX ix_complaint_status ON complaint (status);
CREATE INDEX ix_complaint_resident_id ON complaint (resident_id);
CREATE INDEX ix_stage_complaint_id ON stage (complaint_id);
CREATE INDEX ix_stageextension_complaint_id ON stageextension (complaint_id);
CREATE INDEX ix_event_complaint_id ON event (complaint_id);
