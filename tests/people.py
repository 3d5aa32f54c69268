"""Who is who in the test office: Telegram ids of one person in every role."""

OPERATOR, KASUBAG, SEKRETARIS, KEPALA, PERENCANA = 1001, 1002, 1003, 1004, 1005
KABID_SEKRETARIAT, KABID_DAFDUK, KABID_CAPIL = 2001, 2002, 2003
STRANGER = 3001
SEKRETARIAT = "Sekretariat"
DAFDUK = "Bidang Pelayanan Pendaftaran Penduduk"
CAPIL = "Bidang Pelayanan Pencatatan Sipil"

NAMES = {
    OPERATOR: "Andi",
    KASUBAG: "Budi",
    SEKRETARIS: "Citra",
    KEPALA: "Dr. Ahmad",
    PERENCANA: "Eka",
    KABID_SEKRETARIAT: "Fitri",
    KABID_DAFDUK: "Sari",
    KABID_CAPIL: "Rina",
    STRANGER: "Orang Asing",
}
