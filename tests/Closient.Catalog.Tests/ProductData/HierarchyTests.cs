using System.Net;
using Closient.Catalog.ProductData;
using Closient.Catalog.Tests.Certifications;
using Closient.ServiceDefaults.Auth;
using Closient.ServiceDefaults.Http;
using Closient.Testing;
using static Closient.Catalog.Tests.ProductData.ProductDataTestApi;

namespace Closient.Catalog.Tests.ProductData;

public sealed class HierarchyTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task Links_are_created_listed_from_both_sides_and_deleted()
    {
        var (org, owner, unit) = await Certs.ClaimedProductAsync(fx);
        var pack = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Six-pack" });
        var pallet = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org, product_name = "Pallet" });

        var link = await fx.ClientFor(org, Roles.Editor).PostJsonAsync(Hierarchy(pack.Gtin), new { child_gtin = unit.Gtin, quantity = 6, hierarchy_level = "inner_pack" })
            .OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);
        Assert.Equal((pack.Gtin, unit.Gtin, "Oat Drink", 6, "INNER_PACK", "Six-pack"),
            (link.ParentGtin, link.ChildGtin, link.ChildProductName, link.Quantity, link.HierarchyLevel, link.ParentProductName));
        await owner.PostJsonAsync(Hierarchy(pallet.Gtin), new { child_gtin = pack.Gtin, quantity = 80, hierarchy_level = "PALLET" }).OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);

        var reader = fx.ClientFor(TestData.NewOrganizationId(), Roles.Viewer);
        var both = await reader.GetAsync(Hierarchy(pack.Gtin)).OkAsync<Paged<HierarchyLinkOut>>();
        Assert.Equal([(pack.Gtin, unit.Gtin), (pallet.Gtin, pack.Gtin)], both.Data.Select(l => (l.ParentGtin, l.ChildGtin)));
        Assert.Equal(unit.Gtin, Assert.Single((await reader.GetAsync(Hierarchy(pack.Gtin) + "?relation=children").OkAsync<Paged<HierarchyLinkOut>>()).Data).ChildGtin);
        Assert.Equal(pallet.Gtin, Assert.Single((await reader.GetAsync(Hierarchy(pack.Gtin) + "?relation=parents").OkAsync<Paged<HierarchyLinkOut>>()).Data).ParentGtin);
        await (await reader.GetAsync(Hierarchy(pack.Gtin) + "?relation=siblings")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "relation");

        // Only the parent's path deletes a link.
        await (await owner.DeleteAsync($"{Hierarchy(unit.Gtin)}/{link.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Hierarchy(pack.Gtin)}/{link.Id}")).StatusCode);
        Assert.Equal(pallet.Gtin, Assert.Single((await reader.GetAsync(Hierarchy(pack.Gtin)).OkAsync<Paged<HierarchyLinkOut>>()).Data).ParentGtin);
    }

    [Fact]
    public async Task Self_links_cycles_and_unknown_children_are_422_and_duplicates_409()
    {
        var (org, owner, unit) = await Certs.ClaimedProductAsync(fx);
        var pack = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });
        var pallet = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });
        await owner.PostJsonAsync(Hierarchy(pack.Gtin), new { child_gtin = unit.Gtin, quantity = 6, hierarchy_level = "CASE" }).OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);
        await owner.PostJsonAsync(Hierarchy(pallet.Gtin), new { child_gtin = pack.Gtin, quantity = 10, hierarchy_level = "PALLET" }).OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);

        await (await owner.PostJsonAsync(Hierarchy(pack.Gtin), new { child_gtin = unit.Gtin, quantity = 12, hierarchy_level = "CASE" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await owner.PostJsonAsync(Hierarchy(unit.Gtin), new { child_gtin = pallet.Gtin, quantity = 1, hierarchy_level = "UNIT" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "child_gtin");
        await (await owner.PostJsonAsync(Hierarchy(unit.Gtin), new { child_gtin = unit.Gtin, quantity = 1, hierarchy_level = "UNIT" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "child_gtin");
        await (await owner.PostJsonAsync(Hierarchy(unit.Gtin), new { child_gtin = TestGtins.New13(), quantity = 1, hierarchy_level = "UNIT" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "child_gtin");
        await (await owner.PostJsonAsync(Hierarchy(pallet.Gtin), new { child_gtin = unit.Gtin, quantity = 0, hierarchy_level = "BOX" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "quantity");
        await (await owner.PostRawAsync(Hierarchy(pallet.Gtin), "{}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR", "hierarchy_level");
        Assert.Equal(2, (await owner.GetAsync(Hierarchy(pack.Gtin)).OkAsync<Paged<HierarchyLinkOut>>()).Pagination.TotalCount);
    }

    [Fact]
    public async Task Other_organizations_and_viewers_cannot_link_or_unlink()
    {
        var (org, owner, unit) = await Certs.ClaimedProductAsync(fx);
        var pack = await owner.CreateProductAsync(new { gtin = TestGtins.New13(), organization_id = org });
        var link = await owner.PostJsonAsync(Hierarchy(pack.Gtin), new { child_gtin = unit.Gtin, quantity = 6, hierarchy_level = "CASE" }).OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);
        var (_, stranger, theirs) = await Certs.ClaimedProductAsync(fx);

        // Another organization's product may be a child, but not a parent the caller does not own.
        await (await stranger.PostJsonAsync(Hierarchy(pack.Gtin), new { child_gtin = theirs.Gtin, quantity = 1, hierarchy_level = "CASE" })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await stranger.DeleteAsync($"{Hierarchy(pack.Gtin)}/{link.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fx.ClientFor(org, Roles.Viewer).DeleteAsync($"{Hierarchy(pack.Gtin)}/{link.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await stranger.PostJsonAsync(Hierarchy(theirs.Gtin), new { child_gtin = pack.Gtin, quantity = 2, hierarchy_level = "PALLET" }).OkAsync<HierarchyLinkOut>(HttpStatusCode.Created);
        Assert.Equal(2, (await owner.GetAsync(Hierarchy(pack.Gtin)).OkAsync<Paged<HierarchyLinkOut>>()).Pagination.TotalCount);
    }
}
