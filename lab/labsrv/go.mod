module proxyaudit.lab/labsrv

go 1.19
