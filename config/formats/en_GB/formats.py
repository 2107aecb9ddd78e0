"""British English as Django writes it, with the 24-hour clock the site and its emails use
("14:00", not "2 p.m."), so that the admin shows times as the participants' pages do. The
formats not named here are Django's own for en_GB."""

DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
