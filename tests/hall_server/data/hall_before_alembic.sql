-- A hall database made by the hall server before Alembic (schema_version steps 1-9), with one
-- past day lived through the queue engine (hall-server demo-history --days 1 --per-day 12) and
-- the sample cases imported; one case document kept.
BEGIN TRANSACTION;
CREATE TABLE appointments (
	id VARCHAR(40) NOT NULL, 
	category VARCHAR(32) NOT NULL, 
	date VARCHAR(10) NOT NULL, 
	slot_start VARCHAR(5) NOT NULL, 
	slot_end VARCHAR(5) NOT NULL, 
	id_hash VARCHAR(64), 
	masked_name VARCHAR(64), 
	ticket_id INTEGER, 
	created_at FLOAT NOT NULL, 
	id_digest VARCHAR(64), 
	PRIMARY KEY (id)
);
CREATE TABLE attempts (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	subject VARCHAR(80) NOT NULL, 
	source VARCHAR(80) NOT NULL, 
	at FLOAT NOT NULL, 
	outcome VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE case_documents (
	case_number VARCHAR(40) NOT NULL, 
	doc VARCHAR(40) NOT NULL, 
	title VARCHAR(100) NOT NULL, 
	title_en VARCHAR(200) NOT NULL, 
	pdf BLOB NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	pages INTEGER NOT NULL, 
	added_at FLOAT NOT NULL, 
	updated_at FLOAT NOT NULL, 
	issued_at FLOAT, 
	issued_print VARCHAR(32), 
	PRIMARY KEY (case_number, doc), 
	FOREIGN KEY(case_number) REFERENCES cases (number)
);
INSERT INTO "case_documents" VALUES('SFQ2026110005','licence','营业执照','Business licence',X'255044462D312E330A25938C8B9E205265706F72744C61622047656E6572617465642050444620646F63756D656E7420286F70656E736F75726365290A312030206F626A0A3C3C0A2F4631203220302052202F46322033203020520A3E3E0A656E646F626A0A322030206F626A0A3C3C0A2F42617365466F6E74202F48656C766574696361202F456E636F64696E67202F57696E416E7369456E636F64696E67202F4E616D65202F4631202F53756274797065202F5479706531202F54797065202F466F6E740A3E3E0A656E646F626A0A332030206F626A0A3C3C0A2F42617365466F6E74202F5354536F6E672D4C69676874202F44657363656E64616E74466F6E7473205B203C3C0A2F42617365466F6E74202F5354536F6E672D4C69676874202F43494453797374656D496E666F203C3C0A2F4F72646572696E67202847423129202F5265676973747279202841646F626529202F537570706C656D656E7420300A3E3E202F44572031303030202F466F6E7444657363726970746F72203C3C0A2F417363656E7420373532202F43617048656967687420373337202F44657363656E74202D323731202F466C6167732036202F466F6E7442426F78205B202D3235202D323534203130303020383830205D202F466F6E744E616D65202F5354536F6E675374642D4C69676874200A20202F4974616C6963416E676C652030202F4C656164696E6720313438202F4D617857696474682031303030202F4D697373696E67576964746820353030202F5374656D48203931202F5374656D56203538200A20202F54797065202F466F6E7444657363726970746F72202F58486569676874203535330A3E3E202F53756274797065202F434944466F6E745479706530202F54797065202F466F6E74200A20202F57205B2031205B203230372032373020333432203436372034363220373937203731302032333920333734205D203130205B2033373420343233203630352032333820333735203233382033333420343632205D2031382032362034363220323720323820323338200A2020323920333120363035203332205B20333434203734382036383420353630203639352037333920353633203531312037323920373933200A2020333138203331322036363620353236203839362037353820373732203534342037373220363238200A2020343635203630372037353320373131203937322036343720363230203630372033373420333333200A2020333734203630362035303020323339203431372035303320343237203532392034313520323634200A20203434342035313820323431203233302034393520323238203739332035323720353234205D203831205B20353234203530342033333820333336203237372035313720343530203635322034363620343532200A202034303720333730203235382033373020363035205D205D0A3E3E205D202F456E636F64696E67202F556E6947422D554353322D48202F4E616D65202F4632202F53756274797065202F5479706530202F54797065202F466F6E740A3E3E0A656E646F626A0A342030206F626A0A3C3C0A2F436F6E74656E7473203820302052202F4D65646961426F78205B20302030203539352E32373536203834312E38383938205D202F506172656E74203720302052202F5265736F7572636573203C3C0A2F466F6E74203120302052202F50726F63536574205B202F504446202F54657874202F496D61676542202F496D61676543202F496D61676549205D0A3E3E202F526F746174652030202F5472616E73203C3C0A0A3E3E200A20202F54797065202F506167650A3E3E0A656E646F626A0A352030206F626A0A3C3C0A2F506167654D6F6465202F5573654E6F6E65202F5061676573203720302052202F54797065202F436174616C6F670A3E3E0A656E646F626A0A362030206F626A0A3C3C0A2F417574686F722028616E6F6E796D6F757329202F4372656174696F6E446174652028443A32303030303130313030303030302B30302730302729202F43726561746F722028616E6F6E796D6F757329202F4B6579776F726473202829202F4D6F64446174652028443A32303030303130313030303030302B30302730302729202F50726F647563657220285265706F72744C616220504446204C696272617279202D205C286F70656E736F757263655C2929200A20202F5375626A6563742028756E73706563696669656429202F5469746C652028427573696E657373206C6963656E636529202F54726170706564202F46616C73650A3E3E0A656E646F626A0A372030206F626A0A3C3C0A2F436F756E742031202F4B696473205B203420302052205D202F54797065202F50616765730A3E3E0A656E646F626A0A382030206F626A0A3C3C0A2F46696C746572205B202F415343494938354465636F6465202F466C6174654465636F6465205D202F4C656E677468203436390A3E3E0A73747265616D0A4761734A4E396926566B263B4B5A4F4D526629534D3C6A54723D352F57462C38582836642134385859677322473B31666B60705B3054445A6A4D73433A54275D38482F472468213A4370403D3E672F53216D5C6465224044565B363838595F253973585D452F6F4A2D2A29363C3849245B294D523F39422E4D5B406A3B56474B2A72302867362A46636E673D6E59754D64233E692722306F52254A5B3C4550313B515B563A662E39344F4F4046602C3F486E68654327424E403D5937685E473E3822455657423F60374F54725F3131635E476E5F4C6E2E68646A322B4B7268713A526C623E436A2E24335B387367322F5F4532306C572B2A6E2A694A67594865684B315C2F2E25706C666B37266564336548576459446B333C5462244E3925386B2F2A4D574B28643747742653633822493D3F654533255770625E385B4538263D52315B63653A362B6171442E63504D483727246634325A3C213D3A6B5840362C54614747312737662D724A4F475E4031233E312B623D435B5450595A75636F235E593F526525586C6E4B6F735528485255336D5E485249705B4F5F53422E4D5126536E584970233E5D4A4355276A6B5B5C4832392339446C54442D433F642E355C296124294A6754676D6F3034263843382C7E3E656E6473747265616D0A656E646F626A0A787265660A3020390A303030303030303030302036353533352066200A30303030303030303631203030303030206E200A30303030303030313032203030303030206E200A30303030303030323039203030303030206E200A30303030303031313432203030303030206E200A30303030303031333435203030303030206E200A30303030303031343133203030303030206E200A30303030303031363832203030303030206E200A30303030303031373431203030303030206E200A747261696C65720A3C3C0A2F4944200A5B3C62643364323037393136303663323439303931333736323236363163643432363E3C62643364323037393136303663323439303931333736323236363163643432363E5D0A25205265706F72744C61622067656E6572617465642050444620646F63756D656E74202D2D2064696765737420286F70656E736F75726365290A0A2F496E666F2036203020520A2F526F6F742035203020520A2F53697A6520390A3E3E0A7374617274787265660A323330300A2525454F460A','bfc64a0881cf639cc9ae6028e457ae9e9f50b81ac15eb466a462db7c855d4886',1,1.79639220371120691306e+09,1.79639220371120691306e+09,NULL,NULL);
CREATE TABLE cases (
	number VARCHAR(40) NOT NULL, 
	matter VARCHAR(32) NOT NULL, 
	id_hash VARCHAR(64) NOT NULL, 
	masked_name VARCHAR(64) NOT NULL, 
	stage VARCHAR(16) NOT NULL, 
	accepted_on VARCHAR(10) NOT NULL, 
	legal_due VARCHAR(10) NOT NULL, 
	promised_due VARCHAR(10) NOT NULL, 
	done_on VARCHAR(10), 
	stage_at FLOAT NOT NULL, 
	imported_at FLOAT NOT NULL, 
	updated_at FLOAT NOT NULL, 
	PRIMARY KEY (number)
);
INSERT INTO "cases" VALUES('SFQ2026110001','GA-HZ-001','fde35e42343b5ecce839b2f7f4eec10ee833aab07a84f34ad7da7ab705c7c22f','测**三','accepted','2026-11-23','2027-02-15','2026-12-21',NULL,1795398000.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110002','GA-CRJ-001','fde35e42343b5ecce839b2f7f4eec10ee833aab07a84f34ad7da7ab705c7c22f','测**三','reviewing','2026-11-19','2026-12-10','2026-11-30',NULL,1795158600.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110003','GA-HZ-003','fde35e42343b5ecce839b2f7f4eec10ee833aab07a84f34ad7da7ab705c7c22f','测**三','approved','2026-11-17','2026-12-15','2026-11-24',NULL,1795490400.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110004','SW-001','fde35e42343b5ecce839b2f7f4eec10ee833aab07a84f34ad7da7ab705c7c22f','测**三','done','2026-11-27','2026-11-30','2026-11-27','2026-11-27',1795745100.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110005','QY-002','4a8fe8eef1fd15ce2dde36c9d9d7cbc92675b9c9256cbf28e85793cb4db3e456','测**四','approved','2026-11-25','2026-12-16','2026-11-26',NULL,1795681800.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110006','ZH-002','6af2bd6e674ab5b179ce595bae648edd076e2cdbb817fef0997d6ef3a4f76c02','测***奶','done','2026-11-02','2026-11-30','2026-11-23','2026-11-20',1795136400.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110007','SB-002','6af2bd6e674ab5b179ce595bae648edd076e2cdbb817fef0997d6ef3a4f76c02','测***奶','reviewing','2026-10-27','2026-11-17','2026-11-10',NULL,1793253600.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
INSERT INTO "cases" VALUES('SFQ2026110008','BDC-001','4a8fe8eef1fd15ce2dde36c9d9d7cbc92675b9c9256cbf28e85793cb4db3e456','测**四','accepted','2026-11-30','2027-01-11','2026-12-07',NULL,1796001300.0,1.79639220371120691306e+09,1.79639220371120691306e+09);
CREATE TABLE certificate_prints (
	id VARCHAR(32) NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	case_number VARCHAR(40) NOT NULL, 
	doc VARCHAR(40) NOT NULL, 
	kiosk VARCHAR(80) NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	reprint BOOLEAN NOT NULL, 
	authorised_by VARCHAR(64), 
	requested_at FLOAT NOT NULL, 
	reported_at FLOAT, 
	job_id VARCHAR(100), 
	detail VARCHAR(300), 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
CREATE TABLE counters (
	name VARCHAR(64) NOT NULL, 
	value BIGINT NOT NULL, 
	PRIMARY KEY (name)
);
INSERT INTO "counters" VALUES('event_seq',74);
CREATE TABLE device_health (
	reporter VARCHAR(64) NOT NULL, 
	reported_at FLOAT NOT NULL, 
	devices TEXT NOT NULL, 
	PRIMARY KEY (reporter)
);
CREATE TABLE events (
	seq BIGINT NOT NULL, 
	at FLOAT NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	data TEXT NOT NULL, 
	PRIMARY KEY (seq)
);
INSERT INTO "events" VALUES(1,1796257800.0,'window.opened','{"window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}, "staff": "王*"}');
INSERT INTO "events" VALUES(2,1796257800.0,'window.opened','{"window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}, "staff": "李*"}');
INSERT INTO "events" VALUES(3,1796257800.0,'window.opened','{"window": {"code": "03", "name": "3号窗口", "name_en": "Window 3", "area": "一楼"}, "staff": "张*"}');
INSERT INTO "events" VALUES(4,1796257800.0,'window.opened','{"window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}, "staff": "刘*"}');
INSERT INTO "events" VALUES(5,1796257800.0,'window.opened','{"window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}, "staff": "陈*"}');
INSERT INTO "events" VALUES(6,1796257800.0,'window.opened','{"window": {"code": "06", "name": "6号窗口", "name_en": "Window 6", "area": "一楼"}, "staff": "杨*"}');
INSERT INTO "events" VALUES(7,1796257800.0,'window.opened','{"window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}, "staff": "赵*"}');
INSERT INTO "events" VALUES(8,1796257800.0,'window.opened','{"window": {"code": "08", "name": "8号窗口", "name_en": "Window 8", "area": "一楼"}, "staff": "黄*"}');
INSERT INTO "events" VALUES(9,1.7962604108958249092e+09,'ticket.issued','{"ticket": {"id": 1, "number": "G001", "category": "business", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:13:30.895825Z", "queued_at": "2026-12-03T01:13:30.895825Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*兰", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(10,1796260500.0,'ticket.called','{"ticket": {"id": 1, "number": "G001", "category": "business", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:13:30.895825Z", "queued_at": "2026-12-03T01:13:30.895825Z", "called_at": "2026-12-03T01:15:00Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*兰", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(11,1796260563.0,'ticket.serving','{"ticket": {"id": 1, "number": "G001", "category": "business", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:13:30.895825Z", "queued_at": "2026-12-03T01:13:30.895825Z", "called_at": "2026-12-03T01:15:00Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*兰", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(12,1.79626135210721206664e+09,'ticket.done','{"ticket": {"id": 1, "number": "G001", "category": "business", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:13:30.895825Z", "queued_at": "2026-12-03T01:13:30.895825Z", "called_at": "2026-12-03T01:15:00Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*兰", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(13,1.79626258043860602374e+09,'ticket.issued','{"ticket": {"id": 2, "number": "A001", "category": "general", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:49:40.438606Z", "queued_at": "2026-12-03T01:49:40.438606Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(14,1796262600.0,'ticket.called','{"ticket": {"id": 2, "number": "A001", "category": "general", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:49:40.438606Z", "queued_at": "2026-12-03T01:49:40.438606Z", "called_at": "2026-12-03T01:50:00Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(15,1796262703.0,'ticket.serving','{"ticket": {"id": 2, "number": "A001", "category": "general", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:49:40.438606Z", "queued_at": "2026-12-03T01:49:40.438606Z", "called_at": "2026-12-03T01:50:00Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(16,1.79626343139869093894e+09,'ticket.done','{"ticket": {"id": 2, "number": "A001", "category": "general", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:49:40.438606Z", "queued_at": "2026-12-03T01:49:40.438606Z", "called_at": "2026-12-03T01:50:00Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(17,1.7962627892543420792e+09,'ticket.issued','{"ticket": {"id": 3, "number": "J001", "category": "housing_fund", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:53:09.254342Z", "queued_at": "2026-12-03T01:53:09.254342Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(18,1796262840.0,'ticket.called','{"ticket": {"id": 3, "number": "J001", "category": "housing_fund", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:53:09.254342Z", "queued_at": "2026-12-03T01:53:09.254342Z", "called_at": "2026-12-03T01:54:00Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(19,1796262911.0,'ticket.serving','{"ticket": {"id": 3, "number": "J001", "category": "housing_fund", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:53:09.254342Z", "queued_at": "2026-12-03T01:53:09.254342Z", "called_at": "2026-12-03T01:54:00Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(20,1.79626355336455392841e+09,'ticket.done','{"ticket": {"id": 3, "number": "J001", "category": "housing_fund", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:53:09.254342Z", "queued_at": "2026-12-03T01:53:09.254342Z", "called_at": "2026-12-03T01:54:00Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "林*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(21,1.79626289433273100847e+09,'ticket.issued','{"ticket": {"id": 4, "number": "A002", "category": "general", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:54:54.332731Z", "queued_at": "2026-12-03T01:54:54.332731Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "徐*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(22,1796262900.0,'ticket.called','{"ticket": {"id": 4, "number": "A002", "category": "general", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:54:54.332731Z", "queued_at": "2026-12-03T01:54:54.332731Z", "called_at": "2026-12-03T01:55:00Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "徐*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(23,1796262949.0,'ticket.serving','{"ticket": {"id": 4, "number": "A002", "category": "general", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:54:54.332731Z", "queued_at": "2026-12-03T01:54:54.332731Z", "called_at": "2026-12-03T01:55:00Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "徐*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(24,1.79626313146164798741e+09,'ticket.done','{"ticket": {"id": 4, "number": "A002", "category": "general", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:54:54.332731Z", "queued_at": "2026-12-03T01:54:54.332731Z", "called_at": "2026-12-03T01:55:00Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "徐*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(25,1.7962629394707291126e+09,'ticket.issued','{"ticket": {"id": 5, "number": "E001", "category": "tax", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:55:39.470729Z", "queued_at": "2026-12-03T01:55:39.470729Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(26,1.79626294410721206668e+09,'ticket.called','{"ticket": {"id": 5, "number": "E001", "category": "tax", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:55:39.470729Z", "queued_at": "2026-12-03T01:55:39.470729Z", "called_at": "2026-12-03T01:55:44.107212Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(27,1.79626306910721206667e+09,'ticket.serving','{"ticket": {"id": 5, "number": "E001", "category": "tax", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:55:39.470729Z", "queued_at": "2026-12-03T01:55:39.470729Z", "called_at": "2026-12-03T01:55:44.107212Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(28,1.79626388006289792066e+09,'ticket.done','{"ticket": {"id": 5, "number": "E001", "category": "tax", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T01:55:39.470729Z", "queued_at": "2026-12-03T01:55:39.470729Z", "called_at": "2026-12-03T01:55:44.107212Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(29,1.79626518838950204851e+09,'ticket.issued','{"ticket": {"id": 6, "number": "K001", "category": "pickup", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:33:08.389502Z", "queued_at": "2026-12-03T02:33:08.389502Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "罗*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(30,1.79626524446164798735e+09,'ticket.called','{"ticket": {"id": 6, "number": "K001", "category": "pickup", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:33:08.389502Z", "queued_at": "2026-12-03T02:33:08.389502Z", "called_at": "2026-12-03T02:34:04.461648Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "罗*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(31,1.79626534246164798738e+09,'ticket.serving','{"ticket": {"id": 6, "number": "K001", "category": "pickup", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:33:08.389502Z", "queued_at": "2026-12-03T02:33:08.389502Z", "called_at": "2026-12-03T02:34:04.461648Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "罗*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(32,1.79626602618802404406e+09,'ticket.done','{"ticket": {"id": 6, "number": "K001", "category": "pickup", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:33:08.389502Z", "queued_at": "2026-12-03T02:33:08.389502Z", "called_at": "2026-12-03T02:34:04.461648Z", "window": "02", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "罗*", "transfers": 0, "reason": null}, "window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(33,1.79626549633037590984e+09,'ticket.issued','{"ticket": {"id": 7, "number": "K002", "category": "pickup", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:38:16.330376Z", "queued_at": "2026-12-03T02:38:16.330376Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": true, "appointment": false, "masked_name": "张*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(34,1.79626554539869093892e+09,'ticket.called','{"ticket": {"id": 7, "number": "K002", "category": "pickup", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:38:16.330376Z", "queued_at": "2026-12-03T02:38:16.330376Z", "called_at": "2026-12-03T02:39:05.398691Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": true, "appointment": false, "masked_name": "张*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(35,1.79626562439869093897e+09,'ticket.serving','{"ticket": {"id": 7, "number": "K002", "category": "pickup", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:38:16.330376Z", "queued_at": "2026-12-03T02:38:16.330376Z", "called_at": "2026-12-03T02:39:05.398691Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": true, "appointment": false, "masked_name": "张*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(36,1.7962657443986909389e+09,'ticket.done','{"ticket": {"id": 7, "number": "K002", "category": "pickup", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T02:38:16.330376Z", "queued_at": "2026-12-03T02:38:16.330376Z", "called_at": "2026-12-03T02:39:05.398691Z", "window": "01", "target_window": null, "recall_count": 0, "green_channel": true, "appointment": false, "masked_name": "张*", "transfers": 0, "reason": null}, "window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(37,1796267614.84452,'ticket.issued','{"ticket": {"id": 8, "number": "J002", "category": "housing_fund", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T03:13:34.844520Z", "queued_at": "2026-12-03T03:13:34.844520Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "孙*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(38,1.79626769136455392839e+09,'ticket.called','{"ticket": {"id": 8, "number": "J002", "category": "housing_fund", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T03:13:34.844520Z", "queued_at": "2026-12-03T03:13:34.844520Z", "called_at": "2026-12-03T03:14:51.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "孙*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(39,1.7962677763645539284e+09,'ticket.serving','{"ticket": {"id": 8, "number": "J002", "category": "housing_fund", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T03:13:34.844520Z", "queued_at": "2026-12-03T03:13:34.844520Z", "called_at": "2026-12-03T03:14:51.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "孙*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(40,1.79626789636455392838e+09,'ticket.done','{"ticket": {"id": 8, "number": "J002", "category": "housing_fund", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T03:13:34.844520Z", "queued_at": "2026-12-03T03:13:34.844520Z", "called_at": "2026-12-03T03:14:51.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "孙*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(41,1.79627904583245801926e+09,'ticket.issued','{"ticket": {"id": 9, "number": "A003", "category": "general", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:24:05.832458Z", "queued_at": "2026-12-03T06:24:05.832458Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(42,1796279100.0,'ticket.called','{"ticket": {"id": 9, "number": "A003", "category": "general", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:24:05.832458Z", "queued_at": "2026-12-03T06:24:05.832458Z", "called_at": "2026-12-03T06:25:00Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(43,1796279190.0,'ticket.serving','{"ticket": {"id": 9, "number": "A003", "category": "general", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:24:05.832458Z", "queued_at": "2026-12-03T06:24:05.832458Z", "called_at": "2026-12-03T06:25:00Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(44,1.79627935360547494889e+09,'ticket.done','{"ticket": {"id": 9, "number": "A003", "category": "general", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:24:05.832458Z", "queued_at": "2026-12-03T06:24:05.832458Z", "called_at": "2026-12-03T06:25:00Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "周*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(45,1.79627927012882304194e+09,'ticket.issued','{"ticket": {"id": 10, "number": "J003", "category": "housing_fund", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:27:50.128823Z", "queued_at": "2026-12-03T06:27:50.128823Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(46,1.79627933036455392839e+09,'ticket.called','{"ticket": {"id": 10, "number": "J003", "category": "housing_fund", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:27:50.128823Z", "queued_at": "2026-12-03T06:27:50.128823Z", "called_at": "2026-12-03T06:28:50.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(47,1.79627940536455392838e+09,'ticket.serving','{"ticket": {"id": 10, "number": "J003", "category": "housing_fund", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:27:50.128823Z", "queued_at": "2026-12-03T06:27:50.128823Z", "called_at": "2026-12-03T06:28:50.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(48,1.79628025298059797285e+09,'ticket.done','{"ticket": {"id": 10, "number": "J003", "category": "housing_fund", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:27:50.128823Z", "queued_at": "2026-12-03T06:27:50.128823Z", "called_at": "2026-12-03T06:28:50.364554Z", "window": "04", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(49,1.79627978474727106094e+09,'ticket.issued','{"ticket": {"id": 11, "number": "J004", "category": "housing_fund", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:36:24.747271Z", "queued_at": "2026-12-03T06:36:24.747271Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "赵*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(50,1.79627979060547494881e+09,'ticket.called','{"ticket": {"id": 11, "number": "J004", "category": "housing_fund", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:36:24.747271Z", "queued_at": "2026-12-03T06:36:24.747271Z", "called_at": "2026-12-03T06:36:30.605475Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "赵*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(51,1.79627984960547494889e+09,'ticket.serving','{"ticket": {"id": 11, "number": "J004", "category": "housing_fund", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:36:24.747271Z", "queued_at": "2026-12-03T06:36:24.747271Z", "called_at": "2026-12-03T06:36:30.605475Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "赵*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(52,1.79628040939742898945e+09,'ticket.done','{"ticket": {"id": 11, "number": "J004", "category": "housing_fund", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T06:36:24.747271Z", "queued_at": "2026-12-03T06:36:24.747271Z", "called_at": "2026-12-03T06:36:30.605475Z", "window": "05", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "赵*", "transfers": 0, "reason": null}, "window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(53,1796282050.10939,'ticket.issued','{"ticket": {"id": 12, "number": "G002", "category": "business", "state": "waiting", "business_day": "2026-12-03", "issued_at": "2026-12-03T07:14:10.109390Z", "queued_at": "2026-12-03T07:14:10.109390Z", "called_at": null, "window": null, "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "offline": false}');
INSERT INTO "events" VALUES(54,1.79628206006289792059e+09,'ticket.called','{"ticket": {"id": 12, "number": "G002", "category": "business", "state": "called", "business_day": "2026-12-03", "issued_at": "2026-12-03T07:14:10.109390Z", "queued_at": "2026-12-03T07:14:10.109390Z", "called_at": "2026-12-03T07:14:20.062898Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(55,1.79628217806289792058e+09,'ticket.serving','{"ticket": {"id": 12, "number": "G002", "category": "business", "state": "serving", "business_day": "2026-12-03", "issued_at": "2026-12-03T07:14:10.109390Z", "queued_at": "2026-12-03T07:14:10.109390Z", "called_at": "2026-12-03T07:14:20.062898Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(56,1.79628289189527893068e+09,'ticket.done','{"ticket": {"id": 12, "number": "G002", "category": "business", "state": "done", "business_day": "2026-12-03", "issued_at": "2026-12-03T07:14:10.109390Z", "queued_at": "2026-12-03T07:14:10.109390Z", "called_at": "2026-12-03T07:14:20.062898Z", "window": "07", "target_window": null, "recall_count": 0, "green_channel": false, "appointment": false, "masked_name": "陈*", "transfers": 0, "reason": null}, "window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(57,1796288100.0,'window.closed','{"window": {"code": "01", "name": "1号窗口", "name_en": "Window 1", "area": "一楼"}}');
INSERT INTO "events" VALUES(58,1796288100.0,'window.closed','{"window": {"code": "02", "name": "2号窗口", "name_en": "Window 2", "area": "一楼"}}');
INSERT INTO "events" VALUES(59,1796288100.0,'window.closed','{"window": {"code": "03", "name": "3号窗口", "name_en": "Window 3", "area": "一楼"}}');
INSERT INTO "events" VALUES(60,1796288100.0,'window.closed','{"window": {"code": "04", "name": "4号窗口", "name_en": "Window 4", "area": "一楼"}}');
INSERT INTO "events" VALUES(61,1796288100.0,'window.closed','{"window": {"code": "05", "name": "5号窗口", "name_en": "Window 5", "area": "一楼"}}');
INSERT INTO "events" VALUES(62,1796288100.0,'window.closed','{"window": {"code": "06", "name": "6号窗口", "name_en": "Window 6", "area": "一楼"}}');
INSERT INTO "events" VALUES(63,1796288100.0,'window.closed','{"window": {"code": "07", "name": "7号窗口", "name_en": "Window 7", "area": "一楼"}}');
INSERT INTO "events" VALUES(64,1796288100.0,'window.closed','{"window": {"code": "08", "name": "8号窗口", "name_en": "Window 8", "area": "一楼"}}');
INSERT INTO "events" VALUES(65,1796288100.0,'rating.given','{"rating": 1, "subject_kind": "ticket", "level": 5, "level_code": "very_satisfied", "channel": "kiosk", "window": "01", "number": "A001"}');
INSERT INTO "events" VALUES(66,1796288100.0,'rating.given','{"rating": 2, "subject_kind": "ticket", "level": 4, "level_code": "satisfied", "channel": "evaluator", "window": "04", "number": "J001"}');
INSERT INTO "events" VALUES(67,1796288100.0,'rating.given','{"rating": 3, "subject_kind": "ticket", "level": 5, "level_code": "very_satisfied", "channel": "evaluator", "window": "07", "number": "E001"}');
INSERT INTO "events" VALUES(68,1796288100.0,'rating.given','{"rating": 4, "subject_kind": "ticket", "level": 2, "level_code": "dissatisfied", "channel": "evaluator", "window": "02", "number": "K001", "follow_up_due": "2026-12-04T08:55:00+00:00"}');
INSERT INTO "events" VALUES(69,1796288100.0,'rating.given','{"rating": 5, "subject_kind": "ticket", "level": 4, "level_code": "satisfied", "channel": "kiosk", "window": "04", "number": "J002"}');
INSERT INTO "events" VALUES(70,1796288100.0,'rating.given','{"rating": 6, "subject_kind": "ticket", "level": 2, "level_code": "dissatisfied", "channel": "evaluator", "window": "04", "number": "J003", "follow_up_due": "2026-12-04T08:55:00+00:00"}');
INSERT INTO "events" VALUES(71,1796288100.0,'rating.given','{"rating": 7, "subject_kind": "ticket", "level": 5, "level_code": "very_satisfied", "channel": "evaluator", "window": "05", "number": "J004"}');
INSERT INTO "events" VALUES(72,1796288100.0,'rating.given','{"rating": 8, "subject_kind": "ticket", "level": 3, "level_code": "basically_satisfied", "channel": "evaluator", "window": "07", "number": "G002"}');
INSERT INTO "events" VALUES(73,1.79639220371120691306e+09,'day.rolled','{"business_day": "2026-12-04", "previous": "2026-12-03", "closed_tickets": 0}');
INSERT INTO "events" VALUES(74,1.79639220371120691306e+09,'case.imported','{"created": 8, "updated": 0, "documents": 4, "refused": 0}');
CREATE TABLE hall_config (
	id INTEGER NOT NULL, 
	source TEXT NOT NULL, 
	toml TEXT NOT NULL, 
	loaded_at FLOAT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "hall_config" VALUES(1,'/tmp/migr-old/assets/halls/sample_district.toml','
["hall"]
"code" = "SFQ-ZWFW-001"
"name" = "示范区政务服务中心"
"name_en" = "Model District Government Service Centre"
"level" = "district"
"timezone" = "Asia/Shanghai"
"daily_reset" = "03:00"
"number_digits" = 3
"recall_limit" = 2
"green_channel_age" = 70
"ageing_minutes" = 40
"appointment_early_minutes" = 15
"appointment_checkin_early_minutes" = 60
"appointment_late_minutes" = 15
"lease_block" = 10
"default_service_minutes" = 8
"session_hours" = 10
"sla_yellow_minutes" = 30
"sla_red_minutes" = 60

["calendar"]
"weekend" = [6, 7]
"holidays" = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-06-19", "2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"]
"workdays" = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]

["supervision"]
"case_warn_days" = 2

["ratings"]
"follow_up_hours" = 24
"request_minutes" = 3
"rate_within_days" = 7
"reasons" = [{"code" = "long_wait", "name" = "等候时间长", "name_en" = "Long wait"}, {"code" = "slow_service", "name" = "办理效率低", "name_en" = "Slow service"}, {"code" = "attitude", "name" = "服务态度差", "name_en" = "Unfriendly staff"}, {"code" = "unclear", "name" = "一次性告知不清", "name_en" = "Requirements not explained in one go"}, {"code" = "repeat_visits", "name" = "需要多次跑动", "name_en" = "Had to come back several times"}, {"code" = "facilities", "name" = "设施不便", "name_en" = "Inconvenient facilities"}, {"code" = "other", "name" = "其他", "name_en" = "Other"}]

[["categories"]]
"code" = "general"
"prefix" = "A"
"name" = "综合受理"
"name_en" = "General acceptance"
"group" = "综合"
"hours" = ["08:30-12:00", "13:00-17:30"]
"daily_cap" = 400
"warn_waiting" = 40
"green_channel" = true

[["categories"]]
"code" = "hukou"
"prefix" = "B"
"name" = "公安户政"
"name_en" = "Household registration"
"group" = "公安"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 150
"warn_waiting" = 20
"green_channel" = true
"id_required" = true

[["categories"]]
"code" = "vehicle"
"prefix" = "C"
"name" = "车管业务"
"name_en" = "Vehicles and driving licences"
"group" = "公安"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 200
"warn_waiting" = 25
"green_channel" = true
"id_required" = true

[["categories"]]
"code" = "exit_entry"
"prefix" = "D"
"name" = "出入境"
"name_en" = "Exit and entry"
"group" = "公安"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 120
"warn_waiting" = 20
"green_channel" = true
"id_required" = true

[["categories"]]
"code" = "tax"
"prefix" = "E"
"name" = "税务"
"name_en" = "Taxation"
"group" = "财税"
"hours" = ["08:30-12:00", "13:00-17:30"]
"daily_cap" = 300
"warn_waiting" = 30
"green_channel" = true

[["categories"]]
"code" = "social"
"prefix" = "F"
"name" = "社保医保"
"name_en" = "Social and medical insurance"
"group" = "民生"
"hours" = ["08:30-12:00", "13:00-17:30"]
"daily_cap" = 300
"warn_waiting" = 30
"green_channel" = true

[["categories"]]
"code" = "business"
"prefix" = "G"
"name" = "企业开办"
"name_en" = "Business registration"
"group" = "企业"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 120
"warn_waiting" = 15
"green_channel" = false
"id_required" = true

[["categories"]]
"code" = "realestate"
"prefix" = "H"
"name" = "不动产登记"
"name_en" = "Real estate registration"
"group" = "不动产"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 100
"warn_waiting" = 15
"green_channel" = true
"appointment_only" = true
"id_required" = true

[["categories"]]
"code" = "housing_fund"
"prefix" = "J"
"name" = "住房公积金"
"name_en" = "Housing provident fund"
"group" = "民生"
"hours" = ["08:30-12:00", "13:00-17:00"]
"daily_cap" = 150
"warn_waiting" = 20
"green_channel" = true

[["categories"]]
"code" = "pickup"
"prefix" = "K"
"name" = "统一出件"
"name_en" = "Document pick-up"
"group" = "综合"
"hours" = ["08:30-12:00", "13:00-17:30"]
"daily_cap" = 300
"warn_waiting" = 30
"green_channel" = true

[["windows"]]
"code" = "01"
"name" = "1号窗口"
"name_en" = "Window 1"
"area" = "一楼"
"categories" = ["general", "pickup"]
"led" = "eq+tcp://127.0.0.1:5005?addr=001"

[["windows"]]
"code" = "02"
"name" = "2号窗口"
"name_en" = "Window 2"
"area" = "一楼"
"categories" = ["general", "pickup"]

[["windows"]]
"code" = "03"
"name" = "3号窗口"
"name_en" = "Window 3"
"area" = "一楼"
"categories" = ["general", "social"]

[["windows"]]
"code" = "04"
"name" = "4号窗口"
"name_en" = "Window 4"
"area" = "一楼"
"categories" = ["social", "housing_fund"]

[["windows"]]
"code" = "05"
"name" = "5号窗口"
"name_en" = "Window 5"
"area" = "一楼"
"categories" = ["housing_fund", "general"]

[["windows"]]
"code" = "06"
"name" = "6号窗口"
"name_en" = "Window 6"
"area" = "一楼"
"categories" = ["tax"]

[["windows"]]
"code" = "07"
"name" = "7号窗口"
"name_en" = "Window 7"
"area" = "一楼"
"categories" = ["tax", "business"]

[["windows"]]
"code" = "08"
"name" = "8号窗口"
"name_en" = "Window 8"
"area" = "一楼"
"categories" = ["business"]

[["windows"]]
"code" = "09"
"name" = "9号窗口"
"name_en" = "Window 9"
"area" = "二楼"
"categories" = ["hukou"]

[["windows"]]
"code" = "10"
"name" = "10号窗口"
"name_en" = "Window 10"
"area" = "二楼"
"categories" = ["hukou", "exit_entry"]

[["windows"]]
"code" = "11"
"name" = "11号窗口"
"name_en" = "Window 11"
"area" = "二楼"
"categories" = ["exit_entry"]

[["windows"]]
"code" = "12"
"name" = "12号窗口"
"name_en" = "Window 12"
"area" = "二楼"
"categories" = ["vehicle"]

[["windows"]]
"code" = "13"
"name" = "13号窗口"
"name_en" = "Window 13"
"area" = "二楼"
"categories" = ["vehicle"]

[["windows"]]
"code" = "14"
"name" = "14号窗口"
"name_en" = "Window 14"
"area" = "二楼"
"categories" = ["realestate"]

[["windows"]]
"code" = "15"
"name" = "15号窗口"
"name_en" = "Window 15"
"area" = "二楼"
"categories" = ["realestate", "general"]

[["windows"]]
"code" = "16"
"name" = "16号窗口（绿色通道）"
"name_en" = "Window 16 (green channel)"
"area" = "一楼"
"categories" = ["general", "hukou", "social", "tax", "housing_fund", "pickup"]

[["matters"]]
"code" = "GA-HZ-001"
"name" = "居民身份证换领"
"name_en" = "Renewal of resident identity card"
"category" = "hukou"
"materials" = [{"name" = "原居民身份证", "name_en" = "Current resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "居民户口簿", "name_en" = "Household register (hukou booklet)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 60
"promised_days" = 20
"fee" = "20元（工本费）"
"fee_en" = "CNY 20 (card fee)"
"location" = "二楼 9、10号窗口"
"location_en" = "2nd floor, windows 9 and 10"
"online" = false
"notes" = "现场采集人像和指纹；有效期满前三个月内可申请换领。"
"notes_en" = "Photo and fingerprints are taken on site; apply within three months before expiry."

[["matters"]]
"code" = "GA-HZ-002"
"name" = "居民身份证补领"
"name_en" = "Replacement of a lost resident identity card"
"category" = "hukou"
"materials" = [{"name" = "居民户口簿", "name_en" = "Household register (hukou booklet)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 60
"promised_days" = 20
"fee" = "20元（工本费）"
"fee_en" = "CNY 20 (card fee)"
"location" = "二楼 9、10号窗口"
"location_en" = "2nd floor, windows 9 and 10"
"online" = false
"notes" = "可同时申请办理临时居民身份证（工本费10元）。"
"notes_en" = "A temporary identity card (CNY 10) can be issued at the same time."

[["matters"]]
"code" = "GA-HZ-003"
"name" = "户口迁入"
"name_en" = "Household registration: moving in"
"category" = "hukou"
"materials" = [{"name" = "居民户口簿", "name_en" = "Household register (hukou booklet)", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件及复印件各1份", "copies_en" = "1 original and 1 copy"}, {"name" = "房屋产权证明或落户地址证明", "name_en" = "Proof of property ownership or of the settling address", "copies" = "原件及复印件各1份", "copies_en" = "1 original and 1 copy"}, {"name" = "户口迁移证（跨省迁入时）", "name_en" = "Household transfer certificate (moving from another province)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 20
"promised_days" = 5
"fee" = "免费"
"fee_en" = "Free"
"location" = "二楼 9号窗口"
"location_en" = "2nd floor, window 9"
"online" = true

[["matters"]]
"code" = "GA-HZ-004"
"name" = "新生儿出生登记"
"name_en" = "Birth registration of a newborn"
"category" = "hukou"
"materials" = [{"name" = "出生医学证明", "name_en" = "Medical certificate of birth", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "父母双方居民身份证", "name_en" = "Both parents'' resident identity cards", "copies" = "原件各1份", "copies_en" = "1 original each"}, {"name" = "父母结婚证", "name_en" = "Parents'' marriage certificate", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "居民户口簿", "name_en" = "Household register (hukou booklet)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 5
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "二楼 9号窗口"
"location_en" = "2nd floor, window 9"
"online" = true
"notes" = "符合条件的可当场办结。"
"notes_en" = "Done on the spot when everything is in order."

[["matters"]]
"code" = "GA-CG-001"
"name" = "机动车驾驶证期满换证"
"name_en" = "Renewal of an expiring driving licence"
"category" = "vehicle"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "机动车驾驶证", "name_en" = "Driving licence", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "身体条件证明", "name_en" = "Certificate of physical fitness", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "10元（工本费）"
"fee_en" = "CNY 10 (licence fee)"
"location" = "二楼 12、13号窗口"
"location_en" = "2nd floor, windows 12 and 13"
"online" = true
"notes" = "有效期满前90日内申请；可通过“交管12123”网上办理。"
"notes_en" = "Apply within 90 days before expiry; also online through the Traffic Management 12123 app."

[["matters"]]
"code" = "GA-CG-002"
"name" = "机动车行驶证补领"
"name_en" = "Replacement of a vehicle registration certificate"
"category" = "vehicle"
"materials" = [{"name" = "机动车所有人居民身份证", "name_en" = "Vehicle owner''s resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "机动车登记证书", "name_en" = "Motor vehicle registration certificate", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "15元（工本费）"
"fee_en" = "CNY 15 (certificate fee)"
"location" = "二楼 12、13号窗口"
"location_en" = "2nd floor, windows 12 and 13"
"online" = true

[["matters"]]
"code" = "GA-CG-003"
"name" = "机动车检验标志核发"
"name_en" = "Issue of the vehicle inspection mark"
"category" = "vehicle"
"materials" = [{"name" = "机动车行驶证", "name_en" = "Vehicle registration certificate", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "交强险保险单", "name_en" = "Compulsory traffic insurance policy", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "机动车安全技术检验报告", "name_en" = "Vehicle safety inspection report", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "二楼 12、13号窗口"
"location_en" = "2nd floor, windows 12 and 13"
"online" = true

[["matters"]]
"code" = "GA-CRJ-001"
"name" = "普通护照签发"
"name_en" = "Issue of an ordinary passport"
"category" = "exit_entry"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "近期免冠彩色照片（可现场拍摄）", "name_en" = "Recent colour photo without headwear (can be taken on site)", "copies" = "1张", "copies_en" = "1 photo"}, {"name" = "原护照（换发时）", "name_en" = "Previous passport (for a renewal)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 15
"promised_days" = 7
"fee" = "120元"
"fee_en" = "CNY 120"
"location" = "二楼 10、11号窗口"
"location_en" = "2nd floor, windows 10 and 11"
"online" = false
"notes" = "现场采集指纹；证件可选择邮寄到家。"
"notes_en" = "Fingerprints are taken on site; the passport can be posted to your home."

[["matters"]]
"code" = "GA-CRJ-002"
"name" = "往来港澳通行证签注"
"name_en" = "Endorsement for travel to Hong Kong and Macao"
"category" = "exit_entry"
"materials" = [{"name" = "往来港澳通行证", "name_en" = "Exit-entry permit for Hong Kong and Macao", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 7
"promised_days" = 0
"fee" = "15元/次"
"fee_en" = "CNY 15 per endorsement"
"location" = "二楼 10、11号窗口"
"location_en" = "2nd floor, windows 10 and 11"
"online" = true
"notes" = "旅游签注也可在7×24自助区自助签注机办理。"
"notes_en" = "Tourist endorsements can also be done at the self-service machine in the 24-hour zone."

[["matters"]]
"code" = "SW-001"
"name" = "个人所得税纳税记录开具"
"name_en" = "Individual income tax payment record"
"category" = "tax"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 6、7号窗口"
"location_en" = "1st floor, windows 6 and 7"
"online" = true
"notes" = "也可通过“个人所得税”App自行开具。"
"notes_en" = "Also available from the Individual Income Tax app."

[["matters"]]
"code" = "SW-002"
"name" = "发票代开"
"name_en" = "Invoice issued by the tax office on your behalf"
"category" = "tax"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "合同或交易证明", "name_en" = "Contract or proof of the transaction", "copies" = "复印件1份", "copies_en" = "1 copy"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "按规定缴纳相关税费"
"fee_en" = "The applicable taxes"
"location" = "一楼 6、7号窗口"
"location_en" = "1st floor, windows 6 and 7"
"online" = true

[["matters"]]
"code" = "SB-001"
"name" = "社会保障卡补领"
"name_en" = "Replacement of a social security card"
"category" = "social"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 15
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 3、4号窗口"
"location_en" = "1st floor, windows 3 and 4"
"online" = true
"notes" = "先挂失原卡；即时制卡，当场领取。"
"notes_en" = "Report the old card lost first; the new card is made while you wait."

[["matters"]]
"code" = "SB-002"
"name" = "医保关系转移"
"name_en" = "Transfer of medical insurance"
"category" = "social"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "基本医疗保障参保（合）凭证", "name_en" = "Certificate of basic medical insurance participation", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 15
"promised_days" = 10
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 3、4号窗口"
"location_en" = "1st floor, windows 3 and 4"
"online" = true

[["matters"]]
"code" = "SB-003"
"name" = "灵活就业人员参保登记"
"name_en" = "Social insurance registration for the flexibly employed"
"category" = "social"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "银行卡（用于缴费扣款）", "name_en" = "Bank card for the contributions", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 5
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 3、4号窗口"
"location_en" = "1st floor, windows 3 and 4"
"online" = true

[["matters"]]
"code" = "QY-001"
"name" = "企业设立登记"
"name_en" = "Company establishment registration"
"category" = "business"
"materials" = [{"name" = "公司登记（备案）申请书", "name_en" = "Company registration application form", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "公司章程", "name_en" = "Articles of association", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "股东主体资格证明", "name_en" = "Proof of the shareholders'' identity", "copies" = "复印件1份", "copies_en" = "1 copy"}, {"name" = "住所使用证明", "name_en" = "Proof of the right to use the registered address", "copies" = "复印件1份", "copies_en" = "1 copy"}]
"legal_days" = 15
"promised_days" = 1
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 7、8号窗口"
"location_en" = "1st floor, windows 7 and 8"
"online" = true
"notes" = "营业执照、公章刻制、发票申领一次办结。"
"notes_en" = "Licence, company seal and invoices are done in one visit."

[["matters"]]
"code" = "QY-002"
"name" = "个体工商户登记"
"name_en" = "Registration of an individual business"
"category" = "business"
"materials" = [{"name" = "个体工商户登记（备案）申请书", "name_en" = "Individual business registration form", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "经营者居民身份证", "name_en" = "Operator''s resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "经营场所使用证明", "name_en" = "Proof of the right to use the premises", "copies" = "复印件1份", "copies_en" = "1 copy"}]
"legal_days" = 15
"promised_days" = 1
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 7、8号窗口"
"location_en" = "1st floor, windows 7 and 8"
"online" = true

[["matters"]]
"code" = "QY-003"
"name" = "企业注销登记"
"name_en" = "Company deregistration"
"category" = "business"
"materials" = [{"name" = "注销登记申请书", "name_en" = "Deregistration application form", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "清算报告", "name_en" = "Liquidation report", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "营业执照正副本", "name_en" = "Business licence, original and duplicate", "copies" = "原件各1份", "copies_en" = "1 original each"}]
"legal_days" = 15
"promised_days" = 3
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 8号窗口"
"location_en" = "1st floor, window 8"
"online" = true

[["matters"]]
"code" = "BDC-001"
"name" = "不动产登记（二手房转移）"
"name_en" = "Real estate registration: transfer of a resold home"
"category" = "realestate"
"materials" = [{"name" = "买卖双方居民身份证", "name_en" = "Buyer''s and seller''s resident identity cards", "copies" = "原件各1份", "copies_en" = "1 original each"}, {"name" = "不动产权证书", "name_en" = "Real estate title certificate", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "存量房买卖合同", "name_en" = "Contract of sale", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "完税凭证", "name_en" = "Tax payment receipt", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 30
"promised_days" = 5
"fee" = "住宅80元/件"
"fee_en" = "CNY 80 per home"
"location" = "二楼 14、15号窗口"
"location_en" = "2nd floor, windows 14 and 15"
"online" = true
"notes" = "须提前预约；买卖双方均需到场。"
"notes_en" = "By appointment only; buyer and seller must both come."

[["matters"]]
"code" = "BDC-002"
"name" = "不动产抵押登记"
"name_en" = "Mortgage registration of real estate"
"category" = "realestate"
"materials" = [{"name" = "抵押人、抵押权人身份证明", "name_en" = "Identity documents of mortgagor and mortgagee", "copies" = "原件各1份", "copies_en" = "1 original each"}, {"name" = "不动产权证书", "name_en" = "Real estate title certificate", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "抵押合同及主债权合同", "name_en" = "Mortgage contract and loan contract", "copies" = "原件各1份", "copies_en" = "1 original each"}]
"legal_days" = 30
"promised_days" = 3
"fee" = "住宅80元/件"
"fee_en" = "CNY 80 per home"
"location" = "二楼 14、15号窗口"
"location_en" = "2nd floor, windows 14 and 15"
"online" = true

[["matters"]]
"code" = "GJJ-001"
"name" = "住房公积金提取"
"name_en" = "Withdrawal from the housing provident fund"
"category" = "housing_fund"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "提取原因证明（购房合同、租房合同等）", "name_en" = "Proof of the reason (purchase or rental contract, etc.)", "copies" = "原件及复印件各1份", "copies_en" = "1 original and 1 copy"}, {"name" = "本人银行卡", "name_en" = "Your own bank card", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 3
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 4、5号窗口"
"location_en" = "1st floor, windows 4 and 5"
"online" = true

[["matters"]]
"code" = "GJJ-002"
"name" = "住房公积金贷款申请"
"name_en" = "Housing provident fund loan application"
"category" = "housing_fund"
"materials" = [{"name" = "借款人及配偶居民身份证", "name_en" = "Borrower''s and spouse''s resident identity cards", "copies" = "原件及复印件各1份", "copies_en" = "1 original and 1 copy each"}, {"name" = "婚姻状况证明", "name_en" = "Proof of marital status", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "购房合同", "name_en" = "Home purchase contract", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "首付款凭证", "name_en" = "Receipt of the down payment", "copies" = "复印件1份", "copies_en" = "1 copy"}]
"legal_days" = 15
"promised_days" = 10
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 4、5号窗口"
"location_en" = "1st floor, windows 4 and 5"
"online" = false

[["matters"]]
"code" = "ZH-001"
"name" = "老年人优待证办理"
"name_en" = "Senior citizen''s privilege card"
"category" = "general"
"materials" = [{"name" = "居民身份证", "name_en" = "Resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "近期一寸免冠照片", "name_en" = "Recent 1-inch photo without headwear", "copies" = "1张", "copies_en" = "1 photo"}]
"legal_days" = 5
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 1、2、3号窗口"
"location_en" = "1st floor, windows 1, 2 and 3"
"online" = true
"notes" = "年满60周岁的本区常住老年人可办理。"
"notes_en" = "For residents of the district aged 60 or over."

[["matters"]]
"code" = "ZH-002"
"name" = "残疾人证新办"
"name_en" = "First application for a disability certificate"
"category" = "general"
"materials" = [{"name" = "居民身份证或户口簿", "name_en" = "Resident identity card or household register", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "近期二寸免冠彩色照片", "name_en" = "Recent 2-inch colour photo without headwear", "copies" = "3张", "copies_en" = "3 photos"}]
"legal_days" = 20
"promised_days" = 15
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 1、2、3号窗口"
"location_en" = "1st floor, windows 1, 2 and 3"
"online" = false
"notes" = "受理后由指定医院进行残疾评定。"
"notes_en" = "A designated hospital assesses the disability after the application."

[["matters"]]
"code" = "CJ-001"
"name" = "证照统一出件领取"
"name_en" = "Collecting certificates and licences"
"category" = "pickup"
"materials" = [{"name" = "受理回执", "name_en" = "Acceptance receipt", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "领取人居民身份证", "name_en" = "Collector''s resident identity card", "copies" = "原件1份", "copies_en" = "1 original"}, {"name" = "授权委托书（代领时）", "name_en" = "Letter of authorisation (collecting for someone else)", "copies" = "原件1份", "copies_en" = "1 original"}]
"legal_days" = 1
"promised_days" = 0
"fee" = "免费"
"fee_en" = "Free"
"location" = "一楼 1、2号窗口"
"location_en" = "1st floor, windows 1 and 2"
"online" = false
"notes" = "部分证照可在7×24自助区自助打印或领取。"
"notes_en" = "Some certificates can be printed or collected in the 24-hour self-service zone."

[["staff"]]
"username" = "w01"
"name" = "王芳"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$uvSEWPInYaye6GcHGo1JIw==$97zT6t+czzMQ3p7wNPteSqFj6jd/krccM9jv3ILAZZE="

[["staff"]]
"username" = "w02"
"name" = "李娜"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$DFJAfz8ENmQ62XLP5JODkQ==$ORFSqPS/F7FAoBNcci3lSpXMyZo5bPetGPqbOdZKnQM="

[["staff"]]
"username" = "w03"
"name" = "张伟"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$xacHedOEtMgWO/YavPj+bw==$Nid7eYeLVZ9r61bcow6elfhlSYruEFeADuniQaX3P8o="

[["staff"]]
"username" = "w04"
"name" = "刘洋"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$RkzDiJCHIrV8V7oz22bJ6w==$dJnMwANmfxjOinEeGuGBgUHCGzmrHhVoDe2juhjyQK4="

[["staff"]]
"username" = "w05"
"name" = "陈静"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$vy/DNl7fK9PKljGImpYPCg==$zThfhRoDFnx2HNaw2YRfhYUwYJzBBt7zQGYGcQKR7+A="

[["staff"]]
"username" = "w06"
"name" = "杨帆"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$LjbBQpT5LU5uzqtJEN7oIw==$wf19/iMpqZmLCdEiPORPtHBygYi0LTjZUKZhyk91Y0k="

[["staff"]]
"username" = "w07"
"name" = "赵磊"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$X8m2mq8kY89hBvJaUk8dGA==$5WhgeWuHakFn3BtOM53v3idOczkwLmL8NKoqYpe1Ktw="

[["staff"]]
"username" = "w08"
"name" = "黄敏"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$ZxVAEGX54R2E5fAdHmhcvw==$Q3NHZ4byt11u6efYg/JlU5KEJiP+TJdx9GCaVMfFI5A="

[["staff"]]
"username" = "w09"
"name" = "周杰"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$kZeJO4F1zxJ74I2/Gr3Okg==$4lnyQ/ysmDijPtdznV3aJNZlU1msaqsojoKsYRxbt+w="

[["staff"]]
"username" = "w10"
"name" = "吴霞"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$h6+mKgylsY7M+Mc9kv/nVw==$PJI6uLecBLwKICHHJv27lOWCXZ+HiqHO+Lht/Nk1HEg="

[["staff"]]
"username" = "w11"
"name" = "徐涛"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$bba51mZMIXtY4JzBH3BLJg==$E1ZZl6jrtHt7S2f/vEpNg4S73r0g+vt/3FGoo3FY6uE="

[["staff"]]
"username" = "w12"
"name" = "孙丽"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$PdYfFA1sO6v+GGwsTMb7Vw==$4glptZzrDxi6o+ACsBNqcjB7b7Hfm/ud6FZUzWRV/7Q="

[["staff"]]
"username" = "w13"
"name" = "马超"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$thmrWk/WTfI1Jo8ns//vgw==$c7FYOT3eS4I9sHyBHYeEjG9SQ4y/NutFzChLjK9e138="

[["staff"]]
"username" = "w14"
"name" = "朱琳"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$9nW0onAuTAEIDsGg/mzYgA==$PtfRNf4dLLrDjeIF9sqVl6mceLMl+ZzUHTnjQm07vk0="

[["staff"]]
"username" = "w15"
"name" = "胡军"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$owEXmzp/d40LjhkbkyULQg==$5cPSpcUTyK+w4wWWk/dPyhQpqEoCnYeIeGGmAZ69xiU="

[["staff"]]
"username" = "w16"
"name" = "郭燕"
"role" = "window-staff"
"pin_hash" = "scrypt$16384$8$1$z2M6hjyBxmNvv4q1g0i2YA==$W98AdDMmqrVHGINnqw7KJKUrN44MjgL4OYd9qxd7W0c="

[["staff"]]
"username" = "admin"
"name" = "何主任"
"role" = "hall-admin"
"pin_hash" = "scrypt$16384$8$1$jFXnxrlHvTpQbsXcReWMag==$DcSsJae7PZ1Lhepv48lKmVXFETKLB5CYZB90k0P3j+Y="

[["staff"]]
"username" = "tech"
"name" = "运维工程师"
"role" = "technician"
"pin_hash" = "scrypt$16384$8$1$ff3QrZQrKrDp5q/4DxBp9Q==$eLzYQ4oWKxg4S+e0PiOzrcAV9G9MRpW5PCz5G22/Z5U="

[["devices"]]
"id" = "kiosk-01"
"role" = "kiosk"
"name" = "一楼大厅自助终端1"
"token_sha256" = "cb7aa1e04de4aaa29b55cdf3e18fa1beac6a1f2c77cc5cfe16311b42b44e1161"

[["devices"]]
"id" = "kiosk-02"
"role" = "kiosk"
"name" = "7×24自助区终端2"
"token_sha256" = "86059b79eb050a0ff05d61990304b5659b357551acd02c4435664331783bf606"

[["devices"]]
"id" = "display-hall"
"role" = "display"
"name" = "一楼综合屏"
"token_sha256" = "609bc57c0cb65c8f4ca93c924c6279d4be6eacdd9137a7ce2dcc420280b66200"

[["devices"]]
"id" = "display-2f"
"role" = "display"
"name" = "二楼综合屏"
"area" = "二楼"
"token_sha256" = "cf6c9f9b8eb8652bc0194f16efdf6abd164cd63286563fa751b02be5b951e2e2"

[["devices"]]
"id" = "approval-system"
"role" = "approval-system"
"name" = "审批系统"
"token_sha256" = "207166ff12c8ce70d49bc393d3561a7ba39738cd7cdf1900e086f1d0d8cafea2"

[["devices"]]
"id" = "evaluator-01"
"role" = "evaluator"
"name" = "1号窗口评价器"
"window" = "01"
"token_sha256" = "adabf8e1abfef9d50eb4ed7430d8a71ba67f001223a66e07facd610f2eb1f1bb"

[["devices"]]
"id" = "evaluator-02"
"role" = "evaluator"
"name" = "2号窗口评价器"
"window" = "02"
"token_sha256" = "8c4b3b30ce195e0e95061b64084f80e81b67d7cff3e44ce1d23ee6de1ee936c4"

[["devices"]]
"id" = "evaluator-03"
"role" = "evaluator"
"name" = "3号窗口评价器"
"window" = "03"
"token_sha256" = "012f4080daa496186c65cefd6e23d3d02c689d3bde2872decf2777445fdad1ed"

[["devices"]]
"id" = "evaluator-04"
"role" = "evaluator"
"name" = "4号窗口评价器"
"window" = "04"
"token_sha256" = "581be0410581dac5ee71ba9500858dc549fc4699ba22f22d402890938679362a"

[["devices"]]
"id" = "evaluator-05"
"role" = "evaluator"
"name" = "5号窗口评价器"
"window" = "05"
"token_sha256" = "1595cc006746c81dcf4aa411259c1a2bfb5b712e2219b8a6293152dc33110889"

[["devices"]]
"id" = "evaluator-06"
"role" = "evaluator"
"name" = "6号窗口评价器"
"window" = "06"
"token_sha256" = "80aa082f9811cf83721509797570659fa70a2c42d1ad89153ff0a89cc2fd2ad3"

[["devices"]]
"id" = "evaluator-07"
"role" = "evaluator"
"name" = "7号窗口评价器"
"window" = "07"
"token_sha256" = "ea8427fb96bbff65f765dcffe0eca24093d47618e604a1d906f7dbdaaefa3ca4"

[["devices"]]
"id" = "evaluator-08"
"role" = "evaluator"
"name" = "8号窗口评价器"
"window" = "08"
"token_sha256" = "4c375c4d699d6e4d74a43cf322381124d54e963d761870dc126c9968621a9119"

[["devices"]]
"id" = "evaluator-09"
"role" = "evaluator"
"name" = "9号窗口评价器"
"window" = "09"
"token_sha256" = "d19a8a24f38ddc13269a0e38e4c82a04a77e66a853a07ed1aacc2cc6c13a7206"

[["devices"]]
"id" = "evaluator-10"
"role" = "evaluator"
"name" = "10号窗口评价器"
"window" = "10"
"token_sha256" = "08fba94c2213e7aac28b808896e5689c06b065a35c00695c912b15d73e4a87d2"

[["devices"]]
"id" = "evaluator-11"
"role" = "evaluator"
"name" = "11号窗口评价器"
"window" = "11"
"token_sha256" = "70f6112941d677a295f19515f56cfc67f76d6249bf20618210142f9321af9ea8"

[["devices"]]
"id" = "evaluator-12"
"role" = "evaluator"
"name" = "12号窗口评价器"
"window" = "12"
"token_sha256" = "73b08561402caa7450f172b393f612e9ef8dbf11f4f7bb92ce5443ef59309f44"

[["devices"]]
"id" = "evaluator-13"
"role" = "evaluator"
"name" = "13号窗口评价器"
"window" = "13"
"token_sha256" = "3980c745698038967bf1100543987f02cba175954d284c74d966ff94a79f21f0"

[["devices"]]
"id" = "evaluator-14"
"role" = "evaluator"
"name" = "14号窗口评价器"
"window" = "14"
"token_sha256" = "2bf60758e25eb55d184c90d2b4e747a3c8a283a8b00f56b474ea2b14cbf489fa"

[["devices"]]
"id" = "evaluator-15"
"role" = "evaluator"
"name" = "15号窗口评价器"
"window" = "15"
"token_sha256" = "700c677206f5ee212c834a358ae9c03f887375f9ff31fb899800cddaf9337578"

[["devices"]]
"id" = "evaluator-16"
"role" = "evaluator"
"name" = "16号窗口评价器"
"window" = "16"
"token_sha256" = "63de7aecfb7968ec083302730055abc549fcdc91811f3417d467e269ae384e3e"
',1.7963922019824433326e+09);
CREATE TABLE hall_state (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "hall_state" VALUES('appointment_signing_key','CGUMhi+m80Ty8YYOED3h7mrnqekzZq46l7Kmv4u4W/A=');
INSERT INTO "hall_state" VALUES('id_key','e819bf5ccbb95dd16f71f4d8d00ab1250e5977d459135a91dc35d539bf09b2ce');
INSERT INTO "hall_state" VALUES('business_day','2026-12-04');
CREATE TABLE idempotency (
	principal VARCHAR(80) NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	request_hash VARCHAR(64) NOT NULL, 
	status INTEGER NOT NULL, 
	response TEXT NOT NULL, 
	at FLOAT NOT NULL, 
	PRIMARY KEY (principal, "key")
);
CREATE TABLE leases (
	id VARCHAR(40) NOT NULL, 
	device VARCHAR(64) NOT NULL, 
	category VARCHAR(32) NOT NULL, 
	business_day VARCHAR(10) NOT NULL, 
	first INTEGER NOT NULL, 
	last INTEGER NOT NULL, 
	granted_at FLOAT NOT NULL, 
	released_at FLOAT, 
	PRIMARY KEY (id)
);
CREATE TABLE login_failures (
	username VARCHAR(64) NOT NULL, 
	count INTEGER NOT NULL, 
	locked_until FLOAT, 
	PRIMARY KEY (username)
);
CREATE TABLE lookup_keys (
	date VARCHAR(10) NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	PRIMARY KEY (date)
);
CREATE TABLE notices (
	id INTEGER NOT NULL, 
	text VARCHAR(200) NOT NULL, 
	text_en VARCHAR(400), 
	area VARCHAR(32), 
	active BOOLEAN NOT NULL, 
	created_at FLOAT NOT NULL, 
	updated_at FLOAT NOT NULL, 
	updated_by VARCHAR(80) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE number_counters (
	business_day VARCHAR(10) NOT NULL, 
	category VARCHAR(32) NOT NULL, 
	value INTEGER NOT NULL, 
	reserved INTEGER NOT NULL, 
	PRIMARY KEY (business_day, category)
);
INSERT INTO "number_counters" VALUES('2026-12-03','business',2,2);
INSERT INTO "number_counters" VALUES('2026-12-03','general',3,3);
INSERT INTO "number_counters" VALUES('2026-12-03','housing_fund',4,4);
INSERT INTO "number_counters" VALUES('2026-12-03','tax',1,1);
INSERT INTO "number_counters" VALUES('2026-12-03','pickup',2,2);
CREATE TABLE rating_follow_ups (
	id INTEGER NOT NULL, 
	rating_id INTEGER NOT NULL, 
	opened_at FLOAT NOT NULL, 
	due_at FLOAT NOT NULL, 
	closed_at FLOAT, 
	closed_by VARCHAR(80), 
	note VARCHAR(500), 
	PRIMARY KEY (id), 
	UNIQUE (rating_id)
);
INSERT INTO "rating_follow_ups" VALUES(1,4,1796288100.0,1796374500.0,NULL,NULL,NULL);
INSERT INTO "rating_follow_ups" VALUES(2,6,1796288100.0,1796374500.0,NULL,NULL,NULL);
CREATE TABLE rating_requests (
	id VARCHAR(40) NOT NULL, 
	window VARCHAR(16) NOT NULL, 
	ticket_id INTEGER NOT NULL, 
	requested_by VARCHAR(80) NOT NULL, 
	requested_at FLOAT NOT NULL, 
	expires_at FLOAT NOT NULL, 
	closed_at FLOAT, 
	closed_reason VARCHAR(16), 
	PRIMARY KEY (id)
);
CREATE TABLE ratings (
	id INTEGER NOT NULL, 
	subject_kind VARCHAR(8) NOT NULL, 
	ticket_id INTEGER, 
	case_number VARCHAR(40), 
	ticket_number VARCHAR(8), 
	business_day VARCHAR(10) NOT NULL, 
	category VARCHAR(32), 
	matter VARCHAR(32), 
	window VARCHAR(16), 
	staff VARCHAR(64), 
	level INTEGER NOT NULL, 
	reason_code VARCHAR(32), 
	reason_text VARCHAR(200), 
	channel VARCHAR(16) NOT NULL, 
	device VARCHAR(80) NOT NULL, 
	rated_at FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (ticket_id), 
	UNIQUE (case_number)
);
INSERT INTO "ratings" VALUES(1,'ticket',2,NULL,'A001','2026-12-03','general',NULL,'01','w01',5,NULL,NULL,'kiosk','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(2,'ticket',3,NULL,'J001','2026-12-03','housing_fund',NULL,'04','w04',4,NULL,NULL,'evaluator','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(3,'ticket',5,NULL,'E001','2026-12-03','tax',NULL,'07','w07',5,NULL,NULL,'evaluator','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(4,'ticket',6,NULL,'K001','2026-12-03','pickup',NULL,'02','w02',2,'attitude','窗口人员很耐心','evaluator','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(5,'ticket',8,NULL,'J002','2026-12-03','housing_fund',NULL,'04','w04',4,NULL,NULL,'kiosk','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(6,'ticket',10,NULL,'J003','2026-12-03','housing_fund',NULL,'04','w04',2,'facilities','等了比较久','evaluator','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(7,'ticket',11,NULL,'J004','2026-12-03','housing_fund',NULL,'05','w05',5,NULL,NULL,'evaluator','device:demo',1796288100.0);
INSERT INTO "ratings" VALUES(8,'ticket',12,NULL,'G002','2026-12-03','business',NULL,'07','w07',3,NULL,NULL,'evaluator','device:demo',1796288100.0);
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	applied_at FLOAT NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(1,'queue core: tickets, windows, leases, appointments, events, idempotency, sessions',1.79639220196194338797e+09);
INSERT INTO "schema_version" VALUES(2,'hall notices; windows.idle_since for the manager dashboard',1.79639220196385908127e+09);
INSERT INTO "schema_version" VALUES(3,'appointment signing key, per-date lookup keys, appointments.id_digest, device health',1.79639220196648621559e+09);
INSERT INTO "schema_version" VALUES(4,'cases from the approval system',1.79639220196753144264e+09);
INSERT INTO "schema_version" VALUES(5,'case result documents and certificate prints with verification codes',1.79639220196872138974e+09);
INSERT INTO "schema_version" VALUES(6,'ratings, rating requests and follow-ups; service segments per window',1.79639220197135591507e+09);
INSERT INTO "schema_version" VALUES(7,'PostgreSQL: committed events notify the server instances (LISTEN/NOTIFY)',1.79639220197198843957e+09);
INSERT INTO "schema_version" VALUES(8,'attempts: PIN checks, applicant checks and case reads counted against their limits',1.79639220197290897362e+09);
INSERT INTO "schema_version" VALUES(9,'devices'' tokens kept in the stored hall configuration as their SHA-256 only',1.79639220197358727461e+09);
CREATE TABLE service_segments (
	id INTEGER NOT NULL, 
	ticket_id INTEGER NOT NULL, 
	business_day VARCHAR(10) NOT NULL, 
	category VARCHAR(32) NOT NULL, 
	window VARCHAR(16) NOT NULL, 
	staff VARCHAR(64), 
	called_at FLOAT NOT NULL, 
	serving_at FLOAT, 
	ended_at FLOAT NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "service_segments" VALUES(1,1,'2026-12-03','business','07','w07',1796260500.0,1796260563.0,1.79626135210721206664e+09,'done');
INSERT INTO "service_segments" VALUES(2,2,'2026-12-03','general','01','w01',1796262600.0,1796262703.0,1.79626343139869093894e+09,'done');
INSERT INTO "service_segments" VALUES(3,3,'2026-12-03','housing_fund','04','w04',1796262840.0,1796262911.0,1.79626355336455392841e+09,'done');
INSERT INTO "service_segments" VALUES(4,4,'2026-12-03','general','02','w02',1796262900.0,1796262949.0,1.79626313146164798741e+09,'done');
INSERT INTO "service_segments" VALUES(5,5,'2026-12-03','tax','07','w07',1.79626294410721206668e+09,1.79626306910721206667e+09,1.79626388006289792066e+09,'done');
INSERT INTO "service_segments" VALUES(6,6,'2026-12-03','pickup','02','w02',1.79626524446164798735e+09,1.79626534246164798738e+09,1.79626602618802404406e+09,'done');
INSERT INTO "service_segments" VALUES(7,7,'2026-12-03','pickup','01','w01',1.79626554539869093892e+09,1.79626562439869093897e+09,1.7962657443986909389e+09,'done');
INSERT INTO "service_segments" VALUES(8,8,'2026-12-03','housing_fund','04','w04',1.79626769136455392839e+09,1.7962677763645539284e+09,1.79626789636455392838e+09,'done');
INSERT INTO "service_segments" VALUES(9,9,'2026-12-03','general','05','w05',1796279100.0,1796279190.0,1.79627935360547494889e+09,'done');
INSERT INTO "service_segments" VALUES(10,10,'2026-12-03','housing_fund','04','w04',1.79627933036455392839e+09,1.79627940536455392838e+09,1.79628025298059797285e+09,'done');
INSERT INTO "service_segments" VALUES(11,11,'2026-12-03','housing_fund','05','w05',1.79627979060547494881e+09,1.79627984960547494889e+09,1.79628040939742898945e+09,'done');
INSERT INTO "service_segments" VALUES(12,12,'2026-12-03','business','07','w07',1.79628206006289792059e+09,1.79628217806289792058e+09,1.79628289189527893068e+09,'done');
CREATE TABLE sessions (
	token_hash VARCHAR(64) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	window VARCHAR(16), 
	expires_at FLOAT NOT NULL, 
	PRIMARY KEY (token_hash)
);
CREATE TABLE tickets (
	id INTEGER NOT NULL, 
	business_day VARCHAR(10) NOT NULL, 
	number VARCHAR(8) NOT NULL, 
	number_category VARCHAR(32) NOT NULL, 
	seq INTEGER NOT NULL, 
	category VARCHAR(32) NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	id_hash VARCHAR(64), 
	masked_name VARCHAR(64), 
	green BOOLEAN NOT NULL, 
	appointment_id VARCHAR(64), 
	slot_start FLOAT, 
	slot_end FLOAT, 
	issued_at FLOAT NOT NULL, 
	queued_at FLOAT NOT NULL, 
	called_at FLOAT, 
	serving_at FLOAT, 
	finished_at FLOAT, 
	window VARCHAR(16), 
	target_window VARCHAR(16), 
	recall_count INTEGER NOT NULL, 
	transfers INTEGER NOT NULL, 
	reason VARCHAR(200), 
	lease_id VARCHAR(40), 
	issued_by VARCHAR(64) NOT NULL, 
	track_token VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_ticket_number UNIQUE (business_day, number), 
	UNIQUE (track_token)
);
INSERT INTO "tickets" VALUES(1,'2026-12-03','G001','business',1,'business','done','07a67ab74b70c673061d6c39d7f7463448f37fee605a9c0425ad966313ac17c1','周*兰',0,NULL,NULL,NULL,1.7962604108958249092e+09,1.7962604108958249092e+09,1796260500.0,1796260563.0,1.79626135210721206664e+09,'07',NULL,0,0,NULL,NULL,'device:demo-kiosk','H3NZXHAPq2TgOq-NzKiwI5N8');
INSERT INTO "tickets" VALUES(2,'2026-12-03','A001','general',1,'general','done','24156fe48a5b91a84d6f837780397dad4edc5385b39ea20b8e5b907aa097c6f7','林*',0,NULL,NULL,NULL,1.79626258043860602374e+09,1.79626258043860602374e+09,1796262600.0,1796262703.0,1.79626343139869093894e+09,'01',NULL,0,0,NULL,NULL,'device:demo-kiosk','asRzVnJcN0T9h0KeVp85YPYv');
INSERT INTO "tickets" VALUES(3,'2026-12-03','J001','housing_fund',1,'housing_fund','done','b71d5c6dee2e5b16dbcb8901dfe2c605e1d73994b7f50decdadc176d0e8b0bf5','林*',0,NULL,NULL,NULL,1.7962627892543420792e+09,1.7962627892543420792e+09,1796262840.0,1796262911.0,1.79626355336455392841e+09,'04',NULL,0,0,NULL,NULL,'device:demo-kiosk','id1fgAoqaIBFLNy3QyKn6RzO');
INSERT INTO "tickets" VALUES(4,'2026-12-03','A002','general',2,'general','done','aa9ec564e5611d0d749db5d5271b6e9fd88492c89f6465482712337d20b7442f','徐*',0,NULL,NULL,NULL,1.79626289433273100847e+09,1.79626289433273100847e+09,1796262900.0,1796262949.0,1.79626313146164798741e+09,'02',NULL,0,0,NULL,NULL,'device:demo-kiosk','7CQN9FbgNmIEpBFgrhGdWp6I');
INSERT INTO "tickets" VALUES(5,'2026-12-03','E001','tax',1,'tax','done','7bf272bb7cdfd9caa8cc6ba7e09cea8ab6c4917e89500c6db03c878f69ab2e41','陈*',0,NULL,NULL,NULL,1.7962629394707291126e+09,1.7962629394707291126e+09,1.79626294410721206668e+09,1.79626306910721206667e+09,1.79626388006289792066e+09,'07',NULL,0,0,NULL,NULL,'device:demo-kiosk','n7H0eOORWRF_IjTVBBahzs4W');
INSERT INTO "tickets" VALUES(6,'2026-12-03','K001','pickup',1,'pickup','done','6c0cab339d9d3a749451b30c5a52b4ef35576b2bcc7cba54d3127b1969ec8ef3','罗*',0,NULL,NULL,NULL,1.79626518838950204851e+09,1.79626518838950204851e+09,1.79626524446164798735e+09,1.79626534246164798738e+09,1.79626602618802404406e+09,'02',NULL,0,0,NULL,NULL,'device:demo-kiosk','mrgnHbqqjx6J6VW_Rq_wS-j7');
INSERT INTO "tickets" VALUES(7,'2026-12-03','K002','pickup',2,'pickup','done','58486b61790d207aa256b9f11df862002373245cc6dc08db9cf7842ce5c8d332','张*',1,NULL,NULL,NULL,1.79626549633037590984e+09,1.79626549633037590984e+09,1.79626554539869093892e+09,1.79626562439869093897e+09,1.7962657443986909389e+09,'01',NULL,0,0,NULL,NULL,'device:demo-kiosk','4AIwaLyTDF_d3F8tyLbRmreX');
INSERT INTO "tickets" VALUES(8,'2026-12-03','J002','housing_fund',2,'housing_fund','done','f0481133aecda93bc38d7ff6dcf0363c7a29bf40d6071b0f63ed867d2dbe69b0','孙*',0,NULL,NULL,NULL,1796267614.84452,1796267614.84452,1.79626769136455392839e+09,1.7962677763645539284e+09,1.79626789636455392838e+09,'04',NULL,0,0,NULL,NULL,'device:demo-kiosk','Yq9UkNkzrOYngc-esrfIMq7M');
INSERT INTO "tickets" VALUES(9,'2026-12-03','A003','general',3,'general','done','cd22f33e5728f68317bb547d6117911a6e4e9bc276766a41f4879422dd72a546','周*',0,NULL,NULL,NULL,1.79627904583245801926e+09,1.79627904583245801926e+09,1796279100.0,1796279190.0,1.79627935360547494889e+09,'05',NULL,0,0,NULL,NULL,'device:demo-kiosk','sMp7yvTnKM-I-gxqU6aWOpZy');
INSERT INTO "tickets" VALUES(10,'2026-12-03','J003','housing_fund',3,'housing_fund','done','20912db9d8cb09f61af74d7b5ca1ee4022b36c154a0eb5faa72a1f3fad4e558a','陈*',0,NULL,NULL,NULL,1.79627927012882304194e+09,1.79627927012882304194e+09,1.79627933036455392839e+09,1.79627940536455392838e+09,1.79628025298059797285e+09,'04',NULL,0,0,NULL,NULL,'device:demo-kiosk','1J391WzIrAnsH2RNidyaceLJ');
INSERT INTO "tickets" VALUES(11,'2026-12-03','J004','housing_fund',4,'housing_fund','done','159b916df947e0ced21573c9677052b0cc02a7c31381d5514645f49b9de74a97','赵*',0,NULL,NULL,NULL,1.79627978474727106094e+09,1.79627978474727106094e+09,1.79627979060547494881e+09,1.79627984960547494889e+09,1.79628040939742898945e+09,'05',NULL,0,0,NULL,NULL,'device:demo-kiosk','fp42-_2W9N5Q-IcINcu2pQ4y');
INSERT INTO "tickets" VALUES(12,'2026-12-03','G002','business',2,'business','done','b32e98b61aa94365882eef479549707db0418736001f2e00a1b449eb0505d81c','陈*',0,NULL,NULL,NULL,1796282050.10939,1796282050.10939,1.79628206006289792059e+09,1.79628217806289792058e+09,1.79628289189527893068e+09,'07',NULL,0,0,NULL,NULL,'device:demo-kiosk','qIWzTwirsH8Q3UC015p1qco4');
CREATE TABLE windows (
	code VARCHAR(16) NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	reason VARCHAR(100), 
	staff VARCHAR(64), 
	current_ticket INTEGER, 
	since FLOAT, 
	idle_since FLOAT, 
	PRIMARY KEY (code)
);
INSERT INTO "windows" VALUES('01','closed',NULL,NULL,NULL,1.79639220371120691306e+09,1.7962657443986909389e+09);
INSERT INTO "windows" VALUES('02','closed',NULL,NULL,NULL,1.79639220371120691306e+09,1.79626602618802404406e+09);
INSERT INTO "windows" VALUES('03','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('04','closed',NULL,NULL,NULL,1.79639220371120691306e+09,1.79628025298059797285e+09);
INSERT INTO "windows" VALUES('05','closed',NULL,NULL,NULL,1.79639220371120691306e+09,1.79628040939742898945e+09);
INSERT INTO "windows" VALUES('06','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('07','closed',NULL,NULL,NULL,1.79639220371120691306e+09,1.79628289189527893068e+09);
INSERT INTO "windows" VALUES('08','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('09','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('10','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('11','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('12','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('13','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('14','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('15','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
INSERT INTO "windows" VALUES('16','closed',NULL,NULL,NULL,1.79639220371120691306e+09,NULL);
CREATE INDEX ix_tickets_id_hash ON tickets (business_day, id_hash);
CREATE INDEX ix_tickets_number_category ON tickets (business_day, number_category);
CREATE INDEX ix_tickets_lease ON tickets (lease_id);
CREATE INDEX ix_tickets_day_state ON tickets (business_day, state, category);
CREATE INDEX ix_cases_id_hash ON cases (id_hash);
CREATE INDEX ix_certificate_prints_document ON certificate_prints (case_number, doc);
CREATE INDEX ix_segments_day_window ON service_segments (business_day, window);
CREATE INDEX ix_segments_ticket ON service_segments (ticket_id, called_at);
CREATE INDEX ix_rating_requests_window ON rating_requests (window, closed_at);
CREATE INDEX ix_ratings_day ON ratings (business_day);
CREATE INDEX ix_ratings_rated_at ON ratings (rated_at);
CREATE INDEX ix_follow_ups_closed ON rating_follow_ups (closed_at, due_at);
CREATE INDEX ix_attempts_subject ON attempts (kind, subject, at);
CREATE INDEX ix_attempts_source ON attempts (kind, source, at);
COMMIT;
